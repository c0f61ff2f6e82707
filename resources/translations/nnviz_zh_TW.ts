<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_TW">
<context>
    <name></name>
    <message>
        <source>The language changes when nnviz starts again.</source>
        <translation>重新啟動 nnviz 後語言才會改變。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>語言</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>語言(&amp;L)</translation>
    </message>
    <message>
        <source>nnviz sessions (*.nnviz *.json);;All files (*)</source>
        <translation>nnviz 工作階段 (*.nnviz *.json);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>關閉</translation>
    </message>
    <message>
        <source>Press Space to train, → to step one batch</source>
        <translation>按空格鍵訓練，按 → 訓練一個批次</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>訊息</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>網路</translation>
    </message>
    <message>
        <source>Controls</source>
        <translation>控制</translation>
    </message>
    <message>
        <source>Data and decision boundary</source>
        <translation>資料與決策邊界</translation>
    </message>
    <message>
        <source>Loss and accuracy</source>
        <translation>損失與準確率</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>檢視器</translation>
    </message>
    <message>
        <source>Step-through: forward and backward pass</source>
        <translation>逐步演示：前向傳播與反向傳播</translation>
    </message>
    <message>
        <source>Loss surface</source>
        <translation>損失曲面</translation>
    </message>
    <message>
        <source>Learning-rate lab</source>
        <translation>學習率實驗室</translation>
    </message>
    <message>
        <source>Drag the timeline to an earlier epoch first</source>
        <translation>請先把時間軸拖到較早的一輪</translation>
    </message>
    <message>
        <source>Cannot continue from there</source>
        <translation>無法從該處繼續</translation>
    </message>
    <message>
        <source>&amp;New session</source>
        <translation>新增工作階段(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>開啟(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>儲存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>另存為(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Export view…</source>
        <translation>匯出檢視(&amp;E)…</translation>
    </message>
    <message>
        <source>Save a view as PNG or SVG</source>
        <translation>把一個檢視儲存為 PNG 或 SVG</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>結束(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>復原(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全螢幕(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Smooth lines when paused</source>
        <translation>暫停時平滑線條(&amp;S)</translation>
    </message>
    <message>
        <source>Antialiased lines look better on a projector but cost 5–20× to draw; while training plays they are always off</source>
        <translation>抗鋸齒線條在投影機上更好看，但繪製耗時多 5–20 倍；訓練播放時始終關閉</translation>
    </message>
    <message>
        <source>Reset &amp;layout</source>
        <translation>重設版面配置(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About nnviz</source>
        <translation>關於 nnviz(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>鍵盤快速鍵(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Learning-rate lab…</source>
        <translation>學習率實驗室(&amp;L)…</translation>
    </message>
    <message>
        <source>Several learning rates and optimisers side by side on one loss surface</source>
        <translation>在同一個損失曲面上並排比較多個學習率和最佳化器 (optimiser)</translation>
    </message>
    <message>
        <source>Recompute loss &amp;surface</source>
        <translation>重新計算損失曲面(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Present</source>
        <translation>簡報(&amp;P)</translation>
    </message>
    <message>
        <source>Presentation mode: the main view fills the screen, large text</source>
        <translation>簡報模式：主檢視佔滿螢幕，文字放大</translation>
    </message>
    <message>
        <source>End presentation</source>
        <translation>結束簡報</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>縮小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual size</source>
        <translation>實際大小(&amp;A)</translation>
    </message>
    <message>
        <source>Step-through: next step</source>
        <translation>逐步演示：下一步</translation>
    </message>
    <message>
        <source>Step-through: previous step</source>
        <translation>逐步演示：上一步</translation>
    </message>
    <message>
        <source>Timeline: one epoch back</source>
        <translation>時間軸：後退一輪</translation>
    </message>
    <message>
        <source>Timeline: one epoch forward</source>
        <translation>時間軸：前進一輪</translation>
    </message>
    <message>
        <source>Continue from &amp;here</source>
        <translation>從這裡繼續(&amp;H)</translation>
    </message>
    <message>
        <source>Make the epoch shown on the timeline the present</source>
        <translation>把時間軸上顯示的這一輪設為目前狀態</translation>
    </message>
    <message>
        <source>&amp;Replay training</source>
        <translation>回放訓練(&amp;R)</translation>
    </message>
    <message>
        <source>Play the recorded training back without training again</source>
        <translation>回放記錄下來的訓練過程，不重新訓練</translation>
    </message>
    <message>
        <source>&amp;{0} workspace</source>
        <translation>{0}工作區</translation>
    </message>
    <message>
        <source>Web page (.html)</source>
        <translation>網頁 (.html)</translation>
    </message>
    <message>
        <source>Markdown with LaTeX (.md + .svg)</source>
        <translation>Markdown 與 LaTeX (.md + .svg)</translation>
    </message>
    <message>
        <source>None: every number filled in</source>
        <translation>無：所有數字都填好</translation>
    </message>
    <message>
        <source>Gradients (backward pass and update)</source>
        <translation>梯度（反向傳播與更新）</translation>
    </message>
    <message>
        <source>Values (forward pass)</source>
        <translation>值（前向傳播）</translation>
    </message>
    <message>
        <source>Every computed number</source>
        <translation>所有算出的數字</translation>
    </message>
    <message>
        <source>The nodes named below</source>
        <translation>下面列出的節點</translation>
    </message>
    <message>
        <source>Export handout</source>
        <translation>匯出講義</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Blanks:</source>
        <translation>空格：</translation>
    </message>
    <message>
        <source>e.g. q, z</source>
        <translation>例如 q, z</translation>
    </message>
    <message>
        <source>Node names, separated by commas</source>
        <translation>節點名稱，以逗號分隔</translation>
    </message>
    <message>
        <source>More than one copy: each gets fresh input values, computed again by the engine</source>
        <translation>多於一份時：每份使用新的輸入值，由引擎重新計算</translation>
    </message>
    <message>
        <source>Copies:</source>
        <translation>份數：</translation>
    </message>
    <message>
        <source>random</source>
        <translation>隨機</translation>
    </message>
    <message>
        <source>The same seed prints the same copies again</source>
        <translation>相同的種子會再次列印相同的幾份</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>種子：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>語言：</translation>
    </message>
    <message>
        <source>Gaps are listed on an answer key that starts a new page.</source>
        <translation>空格的答案列在新一頁的解答表上。</translation>
    </message>
    <message>
        <source>Export &amp;handout…</source>
        <translation>匯出講義(&amp;H)…</translation>
    </message>
    <message>
        <source>Print the step-through: every step with its numbers, optionally with blanks and an answer key</source>
        <translation>列印逐步演示：每一步及其數字，可選空格與解答表</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>檔案(&amp;F)</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>網頁 (*.html)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Cannot export handout</source>
        <translation>無法匯出講義</translation>
    </message>
    <message>
        <source>Handout written: {0}</source>
        <translation>講義已寫入：{0}</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近開啟(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>編輯(&amp;E)</translation>
    </message>
    <message>
        <source>Gradient check</source>
        <translation>梯度檢驗</translation>
    </message>
    <message>
        <source>&amp;Pin this run</source>
        <translation>釘選本次執行(&amp;P)</translation>
    </message>
    <message>
        <source>Keep this run to compare: change a setting, Reset and train again (up to 4 pinned)</source>
        <translation>保留本次執行以便比較：改一項設定，重設後再訓練（最多釘選 4 次）</translation>
    </message>
    <message>
        <source>Clear pinned runs</source>
        <translation>清除釘選的執行</translation>
    </message>
    <message>
        <source>Forget every pinned run</source>
        <translation>忘掉所有釘選的執行</translation>
    </message>
    <message>
        <source>Check all &amp;gradients</source>
        <translation>檢驗全部梯度(&amp;G)</translation>
    </message>
    <message>
        <source>Compare backprop with centred differences for every parameter (E4) and report the worst</source>
        <translation>對每個參數比較反向傳播與中心差分（E4），並報告最差的一個</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>訓練(&amp;T)</translation>
    </message>
    <message>
        <source>Cannot pin this run</source>
        <translation>無法釘選本次執行</translation>
    </message>
    <message>
        <source>Pinned {name}: change a setting, press Reset (Ctrl+R) and train again</source>
        <translation>已釘選 {name}：改一項設定，按「重設」（Ctrl+R）後再訓練</translation>
    </message>
    <message>
        <source>Runs side by side</source>
        <translation>執行並排比較</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>檢視(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>說明(&amp;H)</translation>
    </message>
    <message>
        <source>No NaN was drawn; the views show the last finite weights.</source>
        <translation>沒有繪製 NaN；各檢視顯示的是最後一組有限的權重。</translation>
    </message>
    <message>
        <source>Go back and divide learning rate by 10</source>
        <translation>退回並把學習率除以 10</translation>
    </message>
    <message>
        <source>Training diverged and was paused</source>
        <translation>訓練發散，已暫停</translation>
    </message>
    <message>
        <source>Training is going nowhere and was paused</source>
        <translation>訓練停滯不前，已暫停</translation>
    </message>
    <message>
        <source>Cannot change the learning rate</source>
        <translation>無法修改學習率</translation>
    </message>
    <message>
        <source>Learning rate is now {0:g}; press Space to continue</source>
        <translation>學習率現在是 {0:g}；按空格鍵繼續</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未儲存的變更</translation>
    </message>
    <message>
        <source>This session has unsaved changes. Save them first?</source>
        <translation>此工作階段有未儲存的變更。要先儲存嗎？</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>開啟工作階段</translation>
    </message>
    <message>
        <source>Cannot open {0}</source>
        <translation>無法開啟 {0}</translation>
    </message>
    <message>
        <source>Opened {0}</source>
        <translation>已開啟 {0}</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>儲存工作階段</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>無法儲存</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已儲存 {0}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（無）</translation>
    </message>
    <message>
        <source>Whole window</source>
        <translation>整個視窗</translation>
    </message>
    <message>
        <source>Export view</source>
        <translation>匯出檢視</translation>
    </message>
    <message>
        <source>View:</source>
        <translation>檢視：</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 影像 (*.png);;SVG 向量圖 (*.svg)</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>無法匯出</translation>
    </message>
    <message>
        <source>Exported {0}</source>
        <translation>已匯出 {0}</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>&amp;Undo {0}</source>
        <translation>復原(&amp;U) {0}</translation>
    </message>
    <message>
        <source>&amp;Redo {0}</source>
        <translation>重做(&amp;R) {0}</translation>
    </message>
    <message>
        <source>About nnviz</source>
        <translation>關於 nnviz</translation>
    </message>
    <message>
        <source>&lt;b&gt;nnviz&lt;/b&gt; — watch a small neural network learn: live weights and gradients, the decision boundary, and the loss curves.</source>
        <translation>&lt;b&gt;nnviz&lt;/b&gt; —— 看一個小型神經網路如何學習：即時的權重和梯度、決策邊界以及損失曲線。</translation>
    </message>
    <message>
        <source>in the Backprop workspace</source>
        <translation>在「反向傳播」工作區中</translation>
    </message>
    <message>
        <source>→ outside Backprop; Ctrl+→ everywhere</source>
        <translation>「反向傳播」工作區以外按 →；任何地方按 Ctrl+→</translation>
    </message>
    <message>
        <source>Shift+→ outside Backprop; Ctrl+Shift+→ in it</source>
        <translation>「反向傳播」工作區以外按 Shift+→；工作區內按 Ctrl+Shift+→</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>鍵盤快速鍵</translation>
    </message>
    <message>
        <source>   (m′, v′: bias-corrected)</source>
        <translation>   （m′、v′：偏差校正後）</translation>
    </message>
    <message>
        <source>“{0}” is not a number: type a {1} such as 0.03</source>
        <translation>「{0}」不是數字：請輸入{1}，例如 0.03</translation>
    </message>
    <message>
        <source>The {0} must be greater than 0 (you typed {1})</source>
        <translation>{0}必須大於 0（你輸入的是 {1}）</translation>
    </message>
    <message>
        <source>Layer {0}</source>
        <translation>第 {0} 層</translation>
    </message>
    <message>
        <source> units</source>
        <translation> 個神經元</translation>
    </message>
    <message>
        <source>Neurons in hidden layer {0} (1 to {1})</source>
        <translation>隱藏層 {0} 的神經元數（1 到 {1}）</translation>
    </message>
    <message>
        <source>Remove hidden layer {0}</source>
        <translation>刪除隱藏層 {0}</translation>
    </message>
    <message>
        <source>Greyed-out settings are fixed by this lesson</source>
        <translation>灰色的設定由本課固定</translation>
    </message>
    <message>
        <source>&amp;Play</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Train continuously (toggle)</source>
        <translation>持續訓練（開/關）</translation>
    </message>
    <message>
        <source>&amp;Step one batch</source>
        <translation>訓練一個批次(&amp;S)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>單步</translation>
    </message>
    <message>
        <source>Train on one batch (one update of the weights)</source>
        <translation>用一個批次 (batch) 訓練（權重更新一次）</translation>
    </message>
    <message>
        <source>Step one &amp;epoch</source>
        <translation>訓練一輪(&amp;E)</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>一輪</translation>
    </message>
    <message>
        <source>Train until every training sample has been seen once</source>
        <translation>訓練一輪 (epoch)：直到每個訓練樣本都被用過一次</translation>
    </message>
    <message>
        <source>&amp;Reset weights</source>
        <translation>重設權重(&amp;R)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重設</translation>
    </message>
    <message>
        <source>New random weights and an empty history (undoable)</source>
        <translation>新的隨機權重，清空歷史（可復原）</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Training speed, from 0.5 epochs a second (to narrate) to full speed</source>
        <translation>訓練速度：從每秒 0.5 輪（便於講解）到全速</translation>
    </message>
    <message>
        <source>↶ Epoch {0:,}</source>
        <translation>↶ 第 {0:,} 輪</translation>
    </message>
    <message>
        <source>classification</source>
        <translation>分類</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>迴歸</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>前向</translation>
    </message>
    <message>
        <source>backward</source>
        <translation>反向</translation>
    </message>
    <message>
        <source>update</source>
        <translation>更新</translation>
    </message>
    <message>
        <source>scalar</source>
        <translation>純量</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>hidden layers</source>
        <translation>隱藏層數</translation>
    </message>
    <message>
        <source>units in a hidden layer</source>
        <translation>隱藏層的神經元數</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>輸入數</translation>
    </message>
    <message>
        <source>outputs</source>
        <translation>輸出數</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>參數數量</translation>
    </message>
    <message>
        <source>leaky-ReLU slope</source>
        <translation>leaky ReLU 斜率</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>種子</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <source>L1 rate</source>
        <translation>L1 係數</translation>
    </message>
    <message>
        <source>L2 rate</source>
        <translation>L2 係數</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>輪數</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步數</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>樣本數</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>類別數</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>雜訊</translation>
    </message>
    <message>
        <source>test fraction</source>
        <translation>測試集比例</translation>
    </message>
    <message>
        <source>session file size</source>
        <translation>工作階段檔案大小</translation>
    </message>
    <message>
        <source>CSV file size</source>
        <translation>CSV 檔案大小</translation>
    </message>
    <message>
        <source>CSV columns</source>
        <translation>CSV 欄數</translation>
    </message>
    <message>
        <source>values</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>rates</source>
        <translation>學習率</translation>
    </message>
    <message>
        <source>learning rates</source>
        <translation>學習率</translation>
    </message>
    <message>
        <source>optimiser</source>
        <translation>最佳化器</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活函數</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>層</translation>
    </message>
    <message>
        <source>data set</source>
        <translation>資料集</translation>
    </message>
    <message>
        <source>initialiser</source>
        <translation>初始化方法</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>動量</translation>
    </message>
    <message>
        <source>training seed</source>
        <translation>訓練種子</translation>
    </message>
    <message>
        <source>data seed</source>
        <translation>資料種子</translation>
    </message>
    <message>
        <source>{name} must be from {lo} to {hi}, got {value}</source>
        <translation>{name}必須在 {lo} 到 {hi} 之間，而不是 {value}</translation>
    </message>
    <message>
        <source>{name} must be above {lo} and at most {hi}, got {value}</source>
        <translation>{name}必須大於 {lo} 且不超過 {hi}，而不是 {value}</translation>
    </message>
    <message>
        <source>{name}: {value} is not a whole number</source>
        <translation>{name}：{value} 不是整數</translation>
    </message>
    <message>
        <source>{name}: expected a number, got {value}</source>
        <translation>{name}：應為數字，而不是 {value}</translation>
    </message>
    <message>
        <source>{name}: {value} is not a number</source>
        <translation>{name}：{value} 不是數字</translation>
    </message>
    <message>
        <source>{name}: {value} is too large</source>
        <translation>{name}：{value} 太大</translation>
    </message>
    <message>
        <source>{name}: {value} is too long to be a number</source>
        <translation>{name}：{value} 太長，不是數字</translation>
    </message>
    <message>
        <source>{name}: must be a finite number, got {value}</source>
        <translation>{name}：必須是有限的數，而不是 {value}</translation>
    </message>
    <message>
        <source>{name}: {value} is ambiguous — write {a} or {b}</source>
        <translation>{name}：{value} 有歧義——請寫成 {a} 或 {b}</translation>
    </message>
    <message>
        <source>This run has reached {n} epochs, the most a session keeps. Continue from an earlier epoch, or Reset.</source>
        <translation>這次執行已達到 {n} 輪，這是一個工作階段最多保留的輪數。請從較早的一輪繼續，或重設。</translation>
    </message>
    <message>
        <source>Training diverged: {what}. The learning rate {lr} is probably too large — try {lr10}. The last finite parameters were kept.</source>
        <translation>訓練發散：{what}。學習率 {lr} 可能太大——試試 {lr10}。已保留最後一組有限的參數。</translation>
    </message>
    <message>
        <source>the loss became {value} at step {step}</source>
        <translation>損失在第 {step} 步變成了 {value}</translation>
    </message>
    <message>
        <source>the loss grew from {a} to {b} by step {step}</source>
        <translation>到第 {step} 步，損失從 {a} 增長到 {b}</translation>
    </message>
    <message>
        <source>the parameters blew up (beyond {cap}) at step {step}</source>
        <translation>參數在第 {step} 步爆炸（超出 {cap}）</translation>
    </message>
    <message>
        <source>Training is going nowhere: {what}. Lower the learning rate by 10× (to {lr}){back}.</source>
        <translation>訓練停滯不前：{what}。把學習率降低為十分之一（到 {lr}）{back}。</translation>
    </message>
    <message>
        <source>, going back to epoch {epoch}</source>
        <translation>，並回到第 {epoch} 輪</translation>
    </message>
    <message>
        <source>the loss jumps up and down between {a} and {b} over the last {n} epochs without getting lower</source>
        <translation>在最近 {n} 輪中，損失在 {a} 和 {b} 之間來回跳動，沒有下降</translation>
    </message>
    <message>
        <source>the loss has stayed at {low} or above for {n} epochs, more than {k}× the {base} of predicting the average, and is not improving</source>
        <translation>損失已連續 {n} 輪保持在 {low} 或以上，超過只預測平均值時的 {base} 的 {k} 倍，而且沒有改善</translation>
    </message>
    <message>
        <source>The scalar graph draws every weight as a node and allows at most {cap} parameters; this network has {n}, so it is shown by layers.</source>
        <translation>純量計算圖把每個權重畫成一個節點，最多允許 {cap} 個參數；這個網路有 {n} 個，所以按層顯示。</translation>
    </message>
    <message>
        <source>Change {desc}</source>
        <translation>把{desc}</translation>
    </message>
    <message>
        <source>Reset training</source>
        <translation>重設訓練</translation>
    </message>
    <message>
        <source>Lower learning rate to {lr}</source>
        <translation>把學習率降到 {lr}</translation>
    </message>
    <message>
        <source>Continue from epoch {epoch}</source>
        <translation>從第 {epoch} 輪繼續</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>檔案不存在</translation>
    </message>
    <message>
        <source>no such file: {path}</source>
        <translation>檔案不存在：{path}</translation>
    </message>
    <message>
        <source>permission denied: {path}</source>
        <translation>沒有權限：{path}</translation>
    </message>
    <message>
        <source>it is a folder, not a file: {path}</source>
        <translation>這是資料夾，不是檔案：{path}</translation>
    </message>
    <message>
        <source>no space left on the disk</source>
        <translation>磁碟空間不足</translation>
    </message>
    <message>
        <source>it is a folder, not a {kind}</source>
        <translation>這是資料夾，不是{kind}</translation>
    </message>
    <message>
        <source>not a valid file name</source>
        <translation>不是有效的檔名</translation>
    </message>
    <message>
        <source>cannot read it now (the file is busy)</source>
        <translation>現在無法讀取（檔案正被佔用）</translation>
    </message>
    <message>
        <source>the file is too large ({size}); a {kind} is at most {cap}</source>
        <translation>檔案太大（{size}）；{kind}最大為 {cap}</translation>
    </message>
    <message>
        <source>the file is empty (not a {kind})</source>
        <translation>檔案是空的（不是{kind}）</translation>
    </message>
    <message>
        <source>not a {kind}: it is a binary file, not text</source>
        <translation>不是{kind}：這是二進位檔案，不是文字</translation>
    </message>
    <message>
        <source>not a {kind}: not valid JSON ({detail})</source>
        <translation>不是{kind}：不是有效的 JSON（{detail}）</translation>
    </message>
    <message>
        <source>not a {kind}: not UTF-8 text (byte {byte})</source>
        <translation>不是{kind}：不是 UTF-8 文字（第 {byte} 位元組）</translation>
    </message>
    <message>
        <source>made by a newer nnviz (version {version}); update nnviz to open it</source>
        <translation>由較新版本的 nnviz 建立（版本 {version}）；請更新 nnviz 後再開啟</translation>
    </message>
    <message>
        <source>missing field &apos;{field}&apos;</source>
        <translation>缺少欄位「{field}」</translation>
    </message>
    <message>
        <source>session file</source>
        <translation>工作階段檔案</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV 檔案</translation>
    </message>
    <message>
        <source>nnviz session</source>
        <translation>nnviz 工作階段</translation>
    </message>
    <message>
        <source>file</source>
        <translation>檔案</translation>
    </message>
    <message>
        <source>lesson file</source>
        <translation>課程檔案</translation>
    </message>
    <message>
        <source>spec file</source>
        <translation>規格檔案</translation>
    </message>
    <message>
        <source>{name} to {value}</source>
        <translation>{name}改為 {value}</translation>
    </message>
    <message>
        <source>h{l}: {k}/{n} dead</source>
        <translation>h{l}：{k}/{n} 個神經元已死</translation>
    </message>
    <message>
        <source>h{l}: {k}/{n} saturated</source>
        <translation>h{l}：{k}/{n} 個神經元飽和</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Training health</source>
        <translation>訓練健康狀況</translation>
    </message>
    <message>
        <source>{name}: {message}</source>
        <translation>{name}：{message}</translation>
    </message>
    <message>
        <source>batches</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>At slow speeds, advance by whole epochs or by single batches</source>
        <translation>低速時按整輪或按單個批次前進</translation>
    </message>
    <message>
        <source>Slow speeds step by</source>
        <translation>低速時每步前進</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>資料</translation>
    </message>
    <message>
        <source>The points the network learns from</source>
        <translation>網路從中學習的資料點</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>資料集</translation>
    </message>
    <message>
        <source>Number of classes (Gaussian blobs and Spiral only)</source>
        <translation>類別數（僅高斯團和螺旋）</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>Standard deviation of the noise added to the points</source>
        <translation>加到資料點上的雜訊 (noise) 的標準差</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>雜訊</translation>
    </message>
    <message>
        <source>How many points to generate</source>
        <translation>要產生多少個點</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>樣本數</translation>
    </message>
    <message>
        <source>Share of the points held out as the test set (never trained on)</source>
        <translation>留作測試集 (test set) 的點所佔比例（從不用於訓練）</translation>
    </message>
    <message>
        <source>Test share</source>
        <translation>測試比例</translation>
    </message>
    <message>
        <source>Seed of the data generator: the same seed gives the same points</source>
        <translation>資料產生器的種子：同一個種子產生同樣的點</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新產生</translation>
    </message>
    <message>
        <source>A fresh sample of the same data set (next data seed)</source>
        <translation>同一資料集的新樣本（下一個資料種子）</translation>
    </message>
    <message>
        <source>Data seed</source>
        <translation>資料種子</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>特徵</translation>
    </message>
    <message>
        <source>Feed {0} to the network as an input</source>
        <translation>把 {0} 作為輸入送入網路</translation>
    </message>
    <message>
        <source>No hidden layer: the inputs feed the output directly (logistic / linear regression)</source>
        <translation>沒有隱藏層：輸入直接送到輸出（邏輯迴歸 / 線性迴歸）</translation>
    </message>
    <message>
        <source>+  Add layer</source>
        <translation>+  新增層</translation>
    </message>
    <message>
        <source>Add a hidden layer (at most {0})</source>
        <translation>新增一個隱藏層（最多 {0} 個）</translation>
    </message>
    <message>
        <source>Initialiser</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Seed of the initial weights: the same seed gives the same start</source>
        <translation>初始權重 (weights) 的種子：同一個種子得到同樣的起點</translation>
    </message>
    <message>
        <source>Weight seed</source>
        <translation>權重種子</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>最佳化器</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>學習率</translation>
    </message>
    <message>
        <source>Two moons</source>
        <translation>雙月</translation>
    </message>
    <message>
        <source>Circles</source>
        <translation>同心圓</translation>
    </message>
    <message>
        <source>Gaussian blobs</source>
        <translation>高斯團</translation>
    </message>
    <message>
        <source>Spiral</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>Iris (4 features, 3 classes)</source>
        <translation>鳶尾花（4 個特徵，3 類）</translation>
    </message>
    <message>
        <source>Line y = wx + b</source>
        <translation>直線 y = wx + b</translation>
    </message>
    <message>
        <source>Circle area y = πr²</source>
        <translation>圓面積 y = πr²</translation>
    </message>
    <message>
        <source>Plane</source>
        <translation>平面</translation>
    </message>
    <message>
        <source>Sine</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>Custom points</source>
        <translation>自訂點</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>線性</translation>
    </message>
    <message>
        <source>leaky ReLU</source>
        <translation>leaky ReLU</translation>
    </message>
    <message>
        <source>Digits (8×8 images)</source>
        <translation>手寫數字（8×8 影像）</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>均方誤差</translation>
    </message>
    <message>
        <source>binary cross-entropy</source>
        <translation>二元交叉熵</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>交叉熵</translation>
    </message>
    <message>
        <source>Small N(0,1)·0.1</source>
        <translation>小值 N(0,1)·0.1</translation>
    </message>
    <message>
        <source>Uniform ±0.5</source>
        <translation>均勻 ±0.5</translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation>全零</translation>
    </message>
    <message>
        <source>W, b ~ N(0, 1)·0.1 — small random values, as in the tutorial; they keep sigmoid and tanh out of their flat tails</source>
        <translation>W, b ~ N(0, 1)·0.1 —— 較小的隨機值，與教學相同；使 sigmoid 和 tanh 不落入平坦的兩端</translation>
    </message>
    <message>
        <source>W ~ N(0, 2/(fan_in + fan_out)), b = 0 — Glorot&apos;s rule, good for tanh</source>
        <translation>W ~ N(0, 2/(fan_in + fan_out)), b = 0 —— Glorot 法則，適合 tanh</translation>
    </message>
    <message>
        <source>W ~ N(0, 2/fan_in), b = 0 — He&apos;s rule, good for ReLU</source>
        <translation>W ~ N(0, 2/fan_in), b = 0 —— He 法則，適合 ReLU</translation>
    </message>
    <message>
        <source>W = b = 0 — every unit in a layer stays identical forever: symmetry never breaks</source>
        <translation>W = b = 0 —— 同一層的所有神經元永遠相同：對稱性無法打破</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>動量</translation>
    </message>
    <message>
        <source>Learning rate η: the size of each step downhill. Too large overshoots and diverges; too small crawls. Pick a preset or type any number &gt; 0.</source>
        <translation>學習率 (learning rate) η：每一步下山的步長。太大會越過最低點並發散；太小則進展緩慢。可選預設值或輸入任意大於 0 的數。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>學習率</translation>
    </message>
    <message>
        <source>Samples per update; “full batch” uses every training sample for each step</source>
        <translation>每次更新使用的樣本數，即批次大小 (batch size)；「全批次」每一步都使用全部訓練樣本</translation>
    </message>
    <message>
        <source>full batch</source>
        <translation>全批次</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <source>No penalty on the weights</source>
        <translation>不對權重施加懲罰（不做正則化，regularisation）</translation>
    </message>
    <message>
        <source>L1: adds λ·Σ|w| to the loss — pushes weights to exactly 0</source>
        <translation>L1：在損失上加 λ·Σ|w| —— 把權重推向恰好為 0</translation>
    </message>
    <message>
        <source>L2: adds ½λ·Σw² to the loss — keeps weights small</source>
        <translation>L2：在損失上加 ½λ·Σw² —— 讓權重保持較小</translation>
    </message>
    <message>
        <source>None</source>
        <translation>無</translation>
    </message>
    <message>
        <source>regularisation rate</source>
        <translation>正則化係數</translation>
    </message>
    <message>
        <source>Regularisation rate λ</source>
        <translation>正則化係數 λ</translation>
    </message>
    <message>
        <source>Regularisation</source>
        <translation>正則化</translation>
    </message>
    <message>
        <source>Seed of the batch shuffling: the same seed gives the same order</source>
        <translation>批次打亂的種子：同一個種子得到同樣的順序</translation>
    </message>
    <message>
        <source>Training seed</source>
        <translation>訓練種子</translation>
    </message>
    <message>
        <source>Engineered features apply to 2-D data only; this data set feeds its {0} input(s) directly: {1}</source>
        <translation>構造特徵只適用於二維資料；這個資料集直接輸入它的 {0} 個輸入：{1}</translation>
    </message>
    <message>
        <source>Input: {0} ({1})</source>
        <translation>輸入：{0}（{1}）</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>個神經元</translation>
    </message>
    <message>
        <source>units</source>
        <translation>個神經元</translation>
    </message>
    <message>
        <source>Output: {0} {1} {2}
Loss: {3}</source>
        <translation>輸出：{0} {2}（{1}）
損失：{3}</translation>
    </message>
    <message>
        <source>Chosen to fit the task ({0})</source>
        <translation>按任務（{0}）選擇</translation>
    </message>
    <message>
        <source>Parameters: {0:,}</source>
        <translation>參數：{0:,}</translation>
    </message>
    <message>
        <source>Epoch {0:,}</source>
        <translation>第 {0:,} 輪</translation>
    </message>
    <message>
        <source>Looking back at an earlier epoch: drag the timeline or press Back to now</source>
        <translation>正在回看較早的一輪：拖曳時間軸，或按「回到目前」</translation>
    </message>
    <message>
        <source>loss {0} · test {1}</source>
        <translation>損失 {0} · 測試 {1}</translation>
    </message>
    <message>
        <source>press Play or Step to start</source>
        <translation>按「播放」或「單步」開始</translation>
    </message>
    <message>
        <source>accuracy {0} · test {1}</source>
        <translation>準確率 {0} · 測試 {1}</translation>
    </message>
    <message>
        <source>R² {0} · test {1}</source>
        <translation>R² {0} · 測試 {1}</translation>
    </message>
    <message>
        <source>diverged — lower the learning rate, then Reset</source>
        <translation>已發散——降低學習率，然後重設</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暫停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暫停</translation>
    </message>
    <message>
        <source>Training diverged</source>
        <translation>訓練發散</translation>
    </message>
    <message>
        <source>Keep at least one input feature: the network needs an input</source>
        <translation>至少保留一個輸入特徵：網路需要輸入</translation>
    </message>
    <message>
        <source>At most {0} hidden layers</source>
        <translation>最多 {0} 個隱藏層</translation>
    </message>
    <message>
        <source>epochs/s</source>
        <translation>輪/秒</translation>
    </message>
    <message>
        <source>batches/s</source>
        <translation>批次/秒</translation>
    </message>
    <message>
        <source>full speed</source>
        <translation>全速</translation>
    </message>
    <message>
        <source>Training cannot continue</source>
        <translation>訓練無法繼續</translation>
    </message>
    <message>
        <source> + {0} PReLU slopes</source>
        <translation> + {0} 個 PReLU 斜率</translation>
    </message>
    <message>
        <source>One hidden layer: (Dx+1)·H + (H+1)·Dy</source>
        <translation>一個隱藏層：(Dx+1)·H + (H+1)·Dy</translation>
    </message>
    <message>
        <source>No hidden layer: (Dx+1)·Dy</source>
        <translation>沒有隱藏層：(Dx+1)·Dy</translation>
    </message>
    <message>
        <source>Each layer: (fan_in + 1)·fan_out — weights plus one bias per unit</source>
        <translation>每一層：(fan_in + 1)·fan_out —— 權重加上每個神經元一個偏差</translation>
    </message>
    <message>
        <source>Curve tools</source>
        <translation>曲線工具</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>對數刻度</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic scale</source>
        <translation>用對數刻度顯示損失</translation>
    </message>
    <message>
        <source>x axis:</source>
        <translation>橫軸：</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>輪</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Plot against epochs (passes over the training set) or steps (parameter updates)</source>
        <translation>按輪 (epoch，遍歷一次訓練集) 或按步 (參數更新一次) 繪圖</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>適應</translation>
    </message>
    <message>
        <source>Show all the data and follow it as it grows</source>
        <translation>顯示全部資料，並隨資料增長自動跟隨</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>損失</translation>
    </message>
    <message>
        <source>Train the network to see its loss here</source>
        <translation>訓練網路後，這裡會顯示它的損失</translation>
    </message>
    <message>
        <source>best test: epoch {e}</source>
        <translation>測試最佳：第 {e} 輪</translation>
    </message>
    <message>
        <source>train</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>test</source>
        <translation>測試</translation>
    </message>
    <message>
        <source>R²</source>
        <translation>R²</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>準確率%</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>準確率</translation>
    </message>
    <message>
        <source>epoch {e} · step {s}</source>
        <translation>第 {e} 輪 · 第 {s} 步</translation>
    </message>
    <message>
        <source>train: loss {loss} · {metric} {value}</source>
        <translation>訓練：損失 {loss} · {metric} {value}</translation>
    </message>
    <message>
        <source>test: loss {loss} · {metric} {value}</source>
        <translation>測試：損失 {loss} · {metric} {value}</translation>
    </message>
    <message>
        <source>Data tools</source>
        <translation>資料工具</translation>
    </message>
    <message>
        <source>What a click on the plot does</source>
        <translation>在圖上按一下時做什麼</translation>
    </message>
    <message>
        <source>y = </source>
        <translation>y = </translation>
    </message>
    <message>
        <source>Target value of the points you add</source>
        <translation>所新增的點的目標值</translation>
    </message>
    <message>
        <source>Test points</source>
        <translation>測試點</translation>
    </message>
    <message>
        <source>Show the test points (white with a coloured ring)</source>
        <translation>顯示測試點（白色帶彩色圓環）</translation>
    </message>
    <message>
        <source>Discretize</source>
        <translation>離散化</translation>
    </message>
    <message>
        <source>Colour the plane by the predicted class only (threshold 0.5, or the largest output)</source>
        <translation>只按預測的類別給平面著色（閾值 0.5，或取最大的輸出）</translation>
    </message>
    <message>
        <source>Drag the timeline to compare the runs at another epoch</source>
        <translation>拖曳時間軸，在另一輪比較這些執行</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>釘選</translation>
    </message>
    <message>
        <source>Pin this run to compare the next one with it (up to 4)</source>
        <translation>釘選本次執行，用來與下一次比較（最多 4 次）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Forget the pinned runs</source>
        <translation>忘掉釘選的執行</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>目前</translation>
    </message>
    <message>
        <source>same settings</source>
        <translation>設定相同</translation>
    </message>
    <message>
        <source>{name}: no picture (data of more than 2 inputs, or unknown)</source>
        <translation>{name}：無圖（資料多於 2 個輸入，或未知）</translation>
    </message>
    <message>
        <source>{name} (epoch {k})</source>
        <translation>{name}（第 {k} 輪）</translation>
    </message>
    <message>
        <source>Pin this run, change a setting, press Reset and train again: the runs show here side by side</source>
        <translation>釘選本次執行，改一項設定，按「重設」後再訓練：各次執行會在這裡並排顯示</translation>
    </message>
    <message>
        <source>Epoch {k}</source>
        <translation>第 {k} 輪</translation>
    </message>
    <message>
        <source>Remove all points but two per class</source>
        <translation>刪除所有點，每個類別只保留兩個</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>匯入 CSV…</translation>
    </message>
    <message>
        <source>Load points from a CSV file: input columns, then the class or target</source>
        <translation>從 CSV 檔案載入資料點：先是輸入欄，然後是類別或目標值</translation>
    </message>
    <message>
        <source>Each sample is an {r}×{c} image: its {n} pixels are the inputs, too many to draw as points on a plane. The Digits pane shows the images with what the network predicts.</source>
        <translation>每個樣本是一幅 {r}×{c} 的影像：它的 {n} 個像素就是輸入，多得無法畫成平面上的點。「數字」面板顯示這些影像以及網路的預測。</translation>
    </message>
    <message>
        <source>class</source>
        <translation>類別</translation>
    </message>
    <message>
        <source>y</source>
        <translation>y</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>資料點</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>選擇</translation>
    </message>
    <message>
        <source>Add {name}</source>
        <translation>新增 {name}</translation>
    </message>
    <message>
        <source>Add point</source>
        <translation>新增點</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <source>Painting points needs data with one or two inputs</source>
        <translation>只有一個或兩個輸入的資料才能畫點</translation>
    </message>
    <message>
        <source>not trained yet</source>
        <translation>尚未訓練</translation>
    </message>
    <message>
        <source>other inputs held at their mean</source>
        <translation>其他輸入固定為其平均值</translation>
    </message>
    <message>
        <source>training diverged</source>
        <translation>訓練發散</translation>
    </message>
    <message>
        <source>Import CSV</source>
        <translation>匯入 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 檔案 (*.csv *.txt);;所有檔案 (*)</translation>
    </message>
    <message>
        <source>input</source>
        <translation>輸入</translation>
    </message>
    <message>
        <source>parameter (learned)</source>
        <translation>參數（可學習）</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>常數</translation>
    </message>
    <message>
        <source>local rule: {0}</source>
        <translation>局部法則：{0}</translation>
    </message>
    <message>
        <source>Click to jump to its step</source>
        <translation>按一下跳到它的那一步</translation>
    </message>
    <message>
        <source>… ({0} more)</source>
        <translation>…（還有 {0} 個）</translation>
    </message>
    <message>
        <source>Show gradients ∂L/∂W instead of values</source>
        <translation>顯示梯度 (gradient) ∂L/∂W 而不是數值</translation>
    </message>
    <message>
        <source>Click a neuron or a connection in the Network view to see its numbers here.</source>
        <translation>在網路檢視中按一下一個神經元或一條連接，這裡會顯示它的數值。</translation>
    </message>
    <message>
        <source>The selected item is not part of this network any more.</source>
        <translation>所選項目已不在這個網路中。</translation>
    </message>
    <message>
        <source>Input layer</source>
        <translation>輸入層</translation>
    </message>
    <message>
        <source>Output layer</source>
        <translation>輸出層</translation>
    </message>
    <message>
        <source>Hidden layer {0}</source>
        <translation>隱藏層 {0}</translation>
    </message>
    <message>
        <source>class {0}</source>
        <translation>類別 {0}</translation>
    </message>
    <message>
        <source>Sample {0} of {1} (training): {2} · target {3}</source>
        <translation>樣本 {0} / {1}（訓練集）：{2} · 目標 {3}</translation>
    </message>
    <message>
        <source>{0} · neuron {1}</source>
        <translation>{0} · 神經元 {1}</translation>
    </message>
    <message>
        <source>bias b = &lt;b&gt;{0}&lt;/b&gt; · &lt;span style=&apos;color:{2}&apos;&gt;∂L/∂b = {1}&lt;/span&gt;</source>
        <translation>偏差 b = &lt;b&gt;{0}&lt;/b&gt; · &lt;span style=&apos;color:{2}&apos;&gt;∂L/∂b = {1}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{2}&apos;&gt;z = {0}&lt;/span&gt; · &lt;span style=&apos;color:{2}&apos;&gt;a = {1}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{2}&apos;&gt;z = {0}&lt;/span&gt; · &lt;span style=&apos;color:{2}&apos;&gt;a = {1}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>prediction ŷ = {0} · target y = {1}</source>
        <translation>預測 ŷ = {0} · 目標 y = {1}</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏差</translation>
    </message>
    <message>
        <source>weight wᵢ</source>
        <translation>權重 wᵢ</translation>
    </message>
    <message>
        <source>Input {0}</source>
        <translation>輸入 {0}</translation>
    </message>
    <message>
        <source>Feeds every neuron of the next layer through W1[{0},:]</source>
        <translation>透過 W1[{0},:] 送到下一層的每個神經元</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{2}&apos;&gt;{0} = {1}&lt;/span&gt; for this sample</source>
        <translation>本樣本的 &lt;span style=&apos;color:{2}&apos;&gt;{0} = {1}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>weight w</source>
        <translation>權重 w</translation>
    </message>
    <message>
        <source>Input layer · {0} inputs</source>
        <translation>輸入層 · {0} 個輸入</translation>
    </message>
    <message>
        <source>What the network is fed for the selected sample</source>
        <translation>所選樣本送入網路的值</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>linear (identity)</source>
        <translation>線性（恆等）</translation>
    </message>
    <message>
        <source>{0}: {1} — incoming weights {2} … {3}, bias {4}</source>
        <translation>{0}：{1} —— 輸入權重 {2} … {3}，偏差 {4}</translation>
    </message>
    <message>
        <source>{0} · {1} → {2} · {3}</source>
        <translation>{0} · {1} → {2} · {3}</translation>
    </message>
    <message>
        <source>gradients ∂L/∂W{0}, ∂L/∂b{0} over the training set</source>
        <translation>整個訓練集上的梯度 ∂L/∂W{0}、∂L/∂b{0}</translation>
    </message>
    <message>
        <source>weights W{0} and biases b{0}</source>
        <translation>權重 W{0} 和偏差 b{0}</translation>
    </message>
    <message>
        <source>Rows: the {0} inputs and the bias; columns: the {1} neurons. Showing {2}.</source>
        <translation>列：{0} 個輸入和偏差；欄：{1} 個神經元。顯示的是{2}。</translation>
    </message>
    <message>
        <source>{0} parameters · largest |value| {1} · orange = negative, blue = positive</source>
        <translation>{0} 個參數 · 最大 |值| {1} · 橙色 = 負，藍色 = 正</translation>
    </message>
    <message>
        <source>Bias of {0}</source>
        <translation>{0} 的偏差</translation>
    </message>
    <message>
        <source>{0} · neuron {1} · parameter {2}</source>
        <translation>{0} · 神經元 {1} · 參數 {2}</translation>
    </message>
    <message>
        <source>Connection {0} → {1}</source>
        <translation>連接 {0} → {1}</translation>
    </message>
    <message>
        <source>weight from {0} into {1} · parameter {2}</source>
        <translation>從 {0} 到 {1} 的權重 · 參數 {2}</translation>
    </message>
    <message>
        <source>{0} = &lt;b&gt;{1}&lt;/b&gt;</source>
        <translation>{0} = &lt;b&gt;{1}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>bias b</source>
        <translation>偏差 b</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{2}&apos;&gt;gradient ∂L/∂{0} = {1}&lt;/span&gt; (over the training set)</source>
        <translation>&lt;span style=&apos;color:{2}&apos;&gt;梯度 ∂L/∂{0} = {1}&lt;/span&gt;（整個訓練集上）</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{3}&apos;&gt;for sample {0}: w·{1} = {2}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{3}&apos;&gt;樣本 {0}：w·{1} = {2}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; (η = {1}, step t = {2:,})</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;（η = {1}，步數 t = {2:,}）</translation>
    </message>
    <message>
        <source>state for this parameter:</source>
        <translation>這個參數的狀態：</translation>
    </message>
    <message>
        <source>no optimiser state yet — it starts at the first step</source>
        <translation>還沒有最佳化器狀態——從第一步開始才有</translation>
    </message>
    <message>
        <source>next full-batch step: Δθ = −η·g = −{0}·{1} = {2}</source>
        <translation>下一個全批次步：Δθ = −η·g = −{0}·{1} = {2}</translation>
    </message>
    <message>
        <source>Line fit y = wx + b</source>
        <translation>直線擬合 y = wx + b</translation>
    </message>
    <message>
        <source>Current network: two weights</source>
        <translation>目前網路：兩個權重</translation>
    </message>
    <message>
        <source>Which loss surface to descend</source>
        <translation>在哪個損失曲面 (loss surface) 上下降</translation>
    </message>
    <message>
        <source>A parameter of the network, e.g. W1[0,1] or b2[0]</source>
        <translation>網路的一個參數，例如 W1[0,1] 或 b2[0]</translation>
    </message>
    <message>
        <source>x:</source>
        <translation>x：</translation>
    </message>
    <message>
        <source>y:</source>
        <translation>y：</translation>
    </message>
    <message>
        <source>Gradient steps per run</source>
        <translation>每次執行的梯度下降步數</translation>
    </message>
    <message>
        <source>Learning rates:</source>
        <translation>學習率：</translation>
    </message>
    <message>
        <source>Comma-separated learning rates (at most {n})</source>
        <translation>用逗號分隔的學習率（最多 {n} 個）</translation>
    </message>
    <message>
        <source>Optimisers:</source>
        <translation>最佳化器：</translation>
    </message>
    <message>
        <source>start</source>
        <translation>起點</translation>
    </message>
    <message>
        <source>Click to start the runs from another point</source>
        <translation>按一下從另一個點開始執行</translation>
    </message>
    <message>
        <source>{n} steps</source>
        <translation>{n} 步</translation>
    </message>
    <message>
        <source>w</source>
        <translation>w</translation>
    </message>
    <message>
        <source>b</source>
        <translation>b</translation>
    </message>
    <message>
        <source>Computing the surface…</source>
        <translation>正在計算曲面…</translation>
    </message>
    <message>
        <source>lr {lr} · {opt}</source>
        <translation>lr {lr} · {opt}</translation>
    </message>
    <message>
        <source>diverged at step {k}</source>
        <translation>在第 {k} 步發散</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#555&apos;&gt;colour = learning rate, dot shape = optimiser&lt;/span&gt;&lt;br&gt;</source>
        <translation>&lt;span style=&apos;color:#555&apos;&gt;顏色 = 學習率，點的形狀 = 最佳化器&lt;/span&gt;&lt;br&gt;</translation>
    </message>
    <message>
        <source>Tick an optimiser to see the runs.</source>
        <translation>勾選一個最佳化器即可看到執行結果。</translation>
    </message>
    <message>
        <source>loss (log scale)</source>
        <translation>損失（對數刻度）</translation>
    </message>
    <message>
        <source>the line fit&apos;s loss (it is a quadratic bowl: the same everywhere)</source>
        <translation>直線擬合的損失（它是二次碗形：處處相同）</translation>
    </message>
    <message>
        <source>the loss at the start point</source>
        <translation>起點處的損失</translation>
    </message>
    <message>
        <source>Largest curvature λ&lt;sub&gt;max&lt;/sub&gt; = {lam} of {where}. Plain gradient descent (SGD) converges only for lr &amp;lt; 2/λ&lt;sub&gt;max&lt;/sub&gt; = {lim}: close below it the path zig-zags across the valley, above it the path flies off.</source>
        <translation>{where}的最大曲率 λ&lt;sub&gt;max&lt;/sub&gt; = {lam}。普通梯度下降 (SGD) 只在 lr &amp;lt; 2/λ&lt;sub&gt;max&lt;/sub&gt; = {lim} 時收斂：略低於此值時路徑在山谷兩側來回曲折，高於此值時路徑飛出。</translation>
    </message>
    <message>
        <source>The curvature at the start point is not positive: no learning rate limit can be read off it here.</source>
        <translation>起點處的曲率不為正：這裡讀不出學習率的上限。</translation>
    </message>
    <message>
        <source>&lt;i&gt;Click the surface to start elsewhere.&lt;/i&gt;</source>
        <translation>&lt;i&gt;按一下曲面可從別處開始。&lt;/i&gt;</translation>
    </message>
    <message>
        <source>class {k}</source>
        <translation>類別 {k}</translation>
    </message>
    <message>
        <source>P({c})</source>
        <translation>P({c})</translation>
    </message>
    <message>
        <source>class 1</source>
        <translation>類別 1</translation>
    </message>
    <message>
        <source>In</source>
        <translation>輸入</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>輸入</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>輸出</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>輸出</translation>
    </message>
    <message>
        <source>Hidden {l}</source>
        <translation>隱藏 {l}</translation>
    </message>
    <message>
        <source>Inputs: {names}</source>
        <translation>輸入：{names}</translation>
    </message>
    <message>
        <source>Hidden layer {l}</source>
        <translation>隱藏層 {l}</translation>
    </message>
    <message>
        <source>{what}: {n} neurons, {fi} inputs each</source>
        <translation>{what}：{n} 個神經元，每個 {fi} 個輸入</translation>
    </message>
    <message>
        <source>{p} parameters (weights W{l} and biases b{l})</source>
        <translation>{p} 個參數（權重 W{l} 和偏差 b{l}）</translation>
    </message>
    <message>
        <source>w = {w}   (from {a} to {b})</source>
        <translation>w = {w}   （從 {a} 到 {b}）</translation>
    </message>
    <message>
        <source>∂L/∂w = {g}</source>
        <translation>∂L/∂w = {g}</translation>
    </message>
    <message>
        <source>{w} — double-click to edit</source>
        <translation>{w} —— 按兩下可編輯</translation>
    </message>
    <message>
        <source>b = {b}   (bias of {n})</source>
        <translation>b = {b}   （{n} 的偏差）</translation>
    </message>
    <message>
        <source>∂L/∂b = {g}</source>
        <translation>∂L/∂b = {g}</translation>
    </message>
    <message>
        <source>{b} — double-click to edit</source>
        <translation>{b} —— 按兩下可編輯</translation>
    </message>
    <message>
        <source>{n} — input {j}: {f}</source>
        <translation>{n} —— 輸入 {j}：{f}</translation>
    </message>
    <message>
        <source>value for the selected sample ({k}): {v}</source>
        <translation>所選樣本（{k}）的值：{v}</translation>
    </message>
    <message>
        <source>output neuron {j}</source>
        <translation>輸出神經元 {j}</translation>
    </message>
    <message>
        <source>hidden layer {l}, neuron {j}</source>
        <translation>隱藏層 {l}，神經元 {j}</translation>
    </message>
    <message>
        <source>z = Σ wᵢ·xᵢ + b   (over {n} inputs)</source>
        <translation>z = Σ wᵢ·xᵢ + b   （對 {n} 個輸入求和）</translation>
    </message>
    <message>
        <source>{b} = {v}    ∂L/∂b = {g}</source>
        <translation>{b} = {v}    ∂L/∂b = {g}</translation>
    </message>
    <message>
        <source>selected sample ({k}): z = {z}, a = {a}</source>
        <translation>所選樣本（{k}）：z = {z}，a = {a}</translation>
    </message>
    <message>
        <source>∂L/∂w</source>
        <translation>∂L/∂w</translation>
    </message>
    <message>
        <source>Colour the connections by the gradient of the loss (∂L/∂w over the training set) instead of the weights</source>
        <translation>按損失的梯度（整個訓練集上的 ∂L/∂w）而不是權重給連接著色</translation>
    </message>
    <message>
        <source>Fit the whole network into the view (wheel zooms, drag pans)</source>
        <translation>讓整個網路適應檢視（滾輪縮放，拖曳平移）</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>權重</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>權重</translation>
    </message>
    <message>
        <source>showing the {k:,} strongest of {n:,} connections</source>
        <translation>顯示 {n:,} 條連接中最強的 {k:,} 條</translation>
    </message>
    <message>
        <source>{n:,} connections</source>
        <translation>{n:,} 條連接</translation>
    </message>
    <message>
        <source>{r}×{c} image</source>
        <translation>{r}×{c} 影像</translation>
    </message>
    <message>
        <source>the {n} pixel inputs drawn as one image; each hidden-1 neuron shows its {n} incoming weights as an image</source>
        <translation>{n} 個像素輸入畫成一幅影像；隱藏層 1 的每個神經元把它的 {n} 個輸入權重畫成一幅影像</translation>
    </message>
    <message>
        <source>zoom in for the weight images</source>
        <translation>放大可看權重影像</translation>
    </message>
    <message>
        <source>colour: activation for sample {k}</source>
        <translation>顏色：樣本 {k} 的激活值</translation>
    </message>
    <message>
        <source>zoom in for neuron maps and biases</source>
        <translation>放大可看到神經元圖和偏差</translation>
    </message>
    <message>
        <source>Speed: steps per second while playing</source>
        <translation>速度：播放時每秒的步數</translation>
    </message>
    <message>
        <source>{0} steps/s</source>
        <translation>{0} 步/秒</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Back to the start: nothing computed yet</source>
        <translation>回到開始：尚未計算任何值</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>後退</translation>
    </message>
    <message>
        <source>Undo the last step (←)</source>
        <translation>復原上一步 (←)</translation>
    </message>
    <message>
        <source>Step automatically at the chosen speed</source>
        <translation>按所選速度自動單步</translation>
    </message>
    <message>
        <source>Take the next step (→)</source>
        <translation>走下一步 (→)</translation>
    </message>
    <message>
        <source>To backward</source>
        <translation>到反向</translation>
    </message>
    <message>
        <source>Jump to the start of the backward pass (forward done)</source>
        <translation>跳到反向傳播 (backpropagation) 的開始（前向傳播已完成）</translation>
    </message>
    <message>
        <source>End</source>
        <translation>結束</translation>
    </message>
    <message>
        <source>Jump to the end: every value, gradient and update</source>
        <translation>跳到結束：所有的值、梯度和更新</translation>
    </message>
    <message>
        <source>Apply update</source>
        <translation>套用更新</translation>
    </message>
    <message>
        <source>Write w ← w − η·∂L/∂w for this one sample into the network (undoable), then step through the new weights</source>
        <translation>把這一個樣本的 w ← w − η·∂L/∂w 寫入網路（可復原），然後逐步檢視新的權重</translation>
    </message>
    <message>
        <source>Current network</source>
        <translation>目前網路</translation>
    </message>
    <message>
        <source>Expression…</source>
        <translation>運算式…</translation>
    </message>
    <message>
        <source>Example E1: (x+y)·z</source>
        <translation>範例 E1：(x+y)·z</translation>
    </message>
    <message>
        <source>Example E2: apples and oranges</source>
        <translation>範例 E2：蘋果和柳橙</translation>
    </message>
    <message>
        <source>Scalar</source>
        <translation>純量</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>層</translation>
    </message>
    <message>
        <source>Which computation to step through</source>
        <translation>逐步演示哪一個計算</translation>
    </message>
    <message>
        <source>Nodes:</source>
        <translation>節點：</translation>
    </message>
    <message>
        <source>Scalar: every weight is a node (small networks). Layer: one node per matrix product, bias and activation. Auto picks scalar up to 200 parameters.</source>
        <translation>純量：每個權重是一個節點（小網路）。層：每個矩陣乘積、偏差和激活各一個節點。自動：200 個參數以內用純量。</translation>
    </message>
    <message>
        <source>Compact</source>
        <translation>精簡</translation>
    </message>
    <message>
        <source>Fold each product w·x into the sum node it feeds</source>
        <translation>把每個乘積 w·x 並入它所輸入的求和節點</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>樣本</translation>
    </message>
    <message>
        <source>The training sample that drives the pass (or click a point in the data view)</source>
        <translation>驅動這次傳播的訓練樣本（也可在資料檢視中按一下一個點）</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟隨</translation>
    </message>
    <message>
        <source>Keep the current node in view while stepping</source>
        <translation>單步時讓目前節點保持在檢視中</translation>
    </message>
    <message>
        <source>Show the whole graph</source>
        <translation>顯示整個計算圖</translation>
    </message>
    <message>
        <source>f =</source>
        <translation>f =</translation>
    </message>
    <message>
        <source>A formula: + − * / ** @, exp, log, sqrt, sigmoid, tanh, relu, …; several lines as q = x + y; f = q * z</source>
        <translation>公式：+ − * / ** @、exp、log、sqrt、sigmoid、tanh、relu……；多行寫成 q = x + y; f = q * z</translation>
    </message>
    <message>
        <source>with</source>
        <translation>其中</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>建構</translation>
    </message>
    <message>
        <source>not a formula</source>
        <translation>不是公式</translation>
    </message>
    <message>
        <source>Auto ({0})</source>
        <translation>自動（{0}）</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自動</translation>
    </message>
    <message>
        <source>1 step/s</source>
        <translation>1 步/秒</translation>
    </message>
    <message>
        <source>step {0} / {1}</source>
        <translation>第 {0} / {1} 步</translation>
    </message>
    <message>
        <source>Gradient descent moves each parameter a step of size η = {0} against its gradient. “Apply update” writes these new values into the network.</source>
        <translation>梯度下降讓每個參數沿梯度的反方向移動步長 η = {0}。「套用更新」把這些新值寫入網路。</translation>
    </message>
    <message>
        <source>Nothing to step through.</source>
        <translation>沒有可逐步演示的內容。</translation>
    </message>
    <message>
        <source>Ready: press → (Step) to compute the first value of the forward pass.</source>
        <translation>準備就緒：按 →（單步）計算前向傳播的第一個值。</translation>
    </message>
    <message>
        <source>Forward: computing {0}</source>
        <translation>前向：計算 {0}</translation>
    </message>
    <message>
        <source>Update: {0} ← {0} − η·∂{1}/∂{0}</source>
        <translation>更新：{0} ← {0} − η·∂{1}/∂{0}</translation>
    </message>
    <message>
        <source>Backward starts at the output: ∂{0}/∂{0} = 1</source>
        <translation>反向從輸出開始：∂{0}/∂{0} = 1</translation>
    </message>
    <message>
        <source>Backward: {0} feeds {1} nodes, so its gradient is the sum of what flows back from each</source>
        <translation>反向：{0} 輸入到 {1} 個節點，所以它的梯度是從每個節點傳回的梯度之和</translation>
    </message>
    <message>
        <source>Backward: part of the gradient flows from {0} into {1}</source>
        <translation>反向：一部分梯度從 {0} 流入 {1}</translation>
    </message>
    <message>
        <source>Backward: gradient flows from {0} into {1}</source>
        <translation>反向：梯度從 {0} 流入 {1}</translation>
    </message>
    <message>
        <source>sample {0}: x = ({1}), y = {2}</source>
        <translation>樣本 {0}：x = ({1})，y = {2}</translation>
    </message>
    <message>
        <source>loss: {0} · η = {1}</source>
        <translation>損失：{0} · η = {1}</translation>
    </message>
    <message>
        <source>Two weights</source>
        <translation>兩個權重</translation>
    </message>
    <message>
        <source>Random (filter-normalised)</source>
        <translation>隨機（濾波器正規化）</translation>
    </message>
    <message>
        <source>PCA of the path</source>
        <translation>路徑的主成分分析 (PCA)</translation>
    </message>
    <message>
        <source>Which plane through parameter space to show</source>
        <translation>顯示參數空間中的哪個平面</translation>
    </message>
    <message>
        <source>Parameter on the {axis} axis: type a name such as w1[1→2] or b2[1], or click an edge in the network view</source>
        <translation>{axis}軸上的參數：輸入名稱，如 w1[1→2] 或 b2[1]，或在網路檢視中按一下一條連線</translation>
    </message>
    <message>
        <source>horizontal</source>
        <translation>橫</translation>
    </message>
    <message>
        <source>vertical</source>
        <translation>縱</translation>
    </message>
    <message>
        <source>seed </source>
        <translation>種子 </translation>
    </message>
    <message>
        <source>Another seed gives another pair of random directions</source>
        <translation>換一個種子，得到另一對隨機方向</translation>
    </message>
    <message>
        <source>Share of the path&apos;s squared distance from the current point that each axis keeps</source>
        <translation>每個軸保留的路徑到目前點的平方距離所佔比例</translation>
    </message>
    <message>
        <source>grid </source>
        <translation>網格 </translation>
    </message>
    <message>
        <source>Points per axis (more is finer and slower)</source>
        <translation>每個軸的點數（越多越精細，也越慢）</translation>
    </message>
    <message>
        <source>range auto</source>
        <translation>範圍 自動</translation>
    </message>
    <message>
        <source>range ±</source>
        <translation>範圍 ±</translation>
    </message>
    <message>
        <source>Half-width of the box around the current point (auto: big enough for the whole path)</source>
        <translation>目前點周圍區域的半寬（自動：足以容納整條路徑）</translation>
    </message>
    <message>
        <source>Recompute</source>
        <translation>重新計算</translation>
    </message>
    <message>
        <source>Compute the surface around the current point</source>
        <translation>計算目前點周圍的曲面</translation>
    </message>
    <message>
        <source>log colours</source>
        <translation>對數著色</translation>
    </message>
    <message>
        <source>Colour by log₁₀ of the loss (shows the valley floor)</source>
        <translation>按損失的 log₁₀ 著色（顯示谷底）</translation>
    </message>
    <message>
        <source>−gradient arrow</source>
        <translation>負梯度箭頭</translation>
    </message>
    <message>
        <source>Arrow: the negative gradient at the current point, projected into the plane (direction only)</source>
        <translation>箭頭：目前點的負梯度在平面上的投影（只表示方向）</translation>
    </message>
    <message>
        <source>follow training</source>
        <translation>跟隨訓練</translation>
    </message>
    <message>
        <source>Recompute the surface when training has moved far from it (at most every 2 s)</source>
        <translation>訓練離開曲面較遠時重新計算（最多每 2 秒一次）</translation>
    </message>
    <message>
        <source>true vs plane</source>
        <translation>真實值與平面</translation>
    </message>
    <message>
        <source>Below the surface: the true loss along the path beside the loss this plane shows there</source>
        <translation>曲面下方：沿路徑的真實損失，旁邊是這個平面在該處顯示的損失</translation>
    </message>
    <message>
        <source>Click a point of the surface to move the network there (Ctrl+Z undoes)</source>
        <translation>按一下曲面上的一點，把網路移到那裡（Ctrl+Z 復原）</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>%p %</source>
        <translation>%p %</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop computing the surface</source>
        <translation>停止計算曲面</translation>
    </message>
    <message>
        <source>Click two edges or biases in the network view, or type their names</source>
        <translation>在網路檢視中按一下兩條連接或兩個偏差，或輸入它們的名稱</translation>
    </message>
    <message>
        <source>explained variance: compute to see</source>
        <translation>解釋方差：計算後可見</translation>
    </message>
    <message>
        <source>Cancelled: {p} % of the surface computed</source>
        <translation>已取消：曲面計算了 {p} %</translation>
    </message>
    <message>
        <source>Lowest loss on this slice {lo} at ({a}, {b}); {n}×{n} grid</source>
        <translation>此切面上的最低損失 {lo}，位於 ({a}, {b})；{n}×{n} 網格</translation>
    </message>
    <message>
        <source>PC1 {a} %, PC2 {b} %</source>
        <translation>PC1 {a} %，PC2 {b} %</translation>
    </message>
    <message>
        <source>PC1 ({a} %)</source>
        <translation>PC1（{a} %）</translation>
    </message>
    <message>
        <source>PC2 ({b} %)</source>
        <translation>PC2（{b} %）</translation>
    </message>
    <message>
        <source>plane vs true loss: largest gap {gap} ({pct} %) at step {step}</source>
        <translation>平面與真實損失：最大差距 {gap}（{pct} %），在第 {step} 步</translation>
    </message>
    <message>
        <source>Move to ({a}, {b}) on the loss surface</source>
        <translation>移到損失曲面上的 ({a}, {b})</translation>
    </message>
    <message>
        <source>Moved the network to ({a}, {b}); Ctrl+Z goes back</source>
        <translation>已把網路移到 ({a}, {b})；Ctrl+Z 可返回</translation>
    </message>
    <message>
        <source>3-D view unavailable: PyOpenGL is not installed (pip install nnviz[3d]); {0}</source>
        <translation>3D 檢視無法使用：未安裝 PyOpenGL (pip install nnviz[3d])；{0}</translation>
    </message>
    <message>
        <source>3-D view unavailable: no OpenGL context on the &apos;{0}&apos; display</source>
        <translation>3D 檢視無法使用：「{0}」顯示上沒有 OpenGL 環境</translation>
    </message>
    <message>
        <source>log height</source>
        <translation>對數高度</translation>
    </message>
    <message>
        <source>Height is log₁₀ of the loss (shows the valley floor)</source>
        <translation>高度取損失的 log₁₀（顯示谷底）</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>重設視角</translation>
    </message>
    <message>
        <source>Look at the bowl from the default angle (drag to rotate, wheel to zoom)</source>
        <translation>從預設角度觀察碗形（拖曳旋轉，滾輪縮放）</translation>
    </message>
    <message>
        <source>Lab: the line fit y = w·x + b; loss over (w, b), every run from A</source>
        <translation>實驗室：直線擬合 y = w·x + b；(w, b) 上的損失，每次執行都從 A 出發</translation>
    </message>
    <message>
        <source>Lab: loss over {0} and {1}, every run from A</source>
        <translation>實驗室：{0} 與 {1} 上的損失，每次執行都從 A 出發</translation>
    </message>
    <message>
        <source>Landscape: no surface yet — compute it in the 2-D view</source>
        <translation>地形：還沒有曲面——請在 2D 檢視中計算</translation>
    </message>
    <message>
        <source>direction 1</source>
        <translation>方向 1</translation>
    </message>
    <message>
        <source>direction 2</source>
        <translation>方向 2</translation>
    </message>
    <message>
        <source>Landscape: loss over {0} and {1}, the path θ has taken</source>
        <translation>地形：{0} 與 {1} 上的損失，以及 θ 走過的路徑</translation>
    </message>
    <message>
        <source>loss (up to {0})</source>
        <translation>損失（最高 {0}）</translation>
    </message>
    <message>
        <source>loss {v}</source>
        <translation>損失 {v}</translation>
    </message>
    <message>
        <source>now</source>
        <translation>目前</translation>
    </message>
    <message>
        <source>−∇L in the plane: ({a}, {b})</source>
        <translation>平面內的 −∇L：({a}, {b})</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>訓練</translation>
    </message>
    <message>
        <source>Backprop</source>
        <translation>反向傳播</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>地形</translation>
    </message>
    <message>
        <source>Lab</source>
        <translation>實驗室</translation>
    </message>
    <message>
        <source>{0} workspace (Ctrl+{1})</source>
        <translation>{0}工作區 (Ctrl+{1})</translation>
    </message>
    <message>
        <source>Cannot open file</source>
        <translation>無法開啟檔案</translation>
    </message>
    <message>
        <source>{file}: {error}

The default session was opened instead.</source>
        <translation>{file}：{error}

已改為開啟預設工作階段。</translation>
    </message>
    <message>
        <source>▶ Replay</source>
        <translation>▶ 回放</translation>
    </message>
    <message>
        <source>Play the recorded training back at the chosen speed, without training again</source>
        <translation>按所選速度回放記錄的訓練過程，不重新訓練</translation>
    </message>
    <message>
        <source>Continue from here</source>
        <translation>從這裡繼續</translation>
    </message>
    <message>
        <source>Make the epoch you are looking at the present: later epochs are dropped (Ctrl+Z undoes)</source>
        <translation>把正在檢視的這一輪設為目前狀態：之後的輪次會被丟棄（Ctrl+Z 可復原）</translation>
    </message>
    <message>
        <source>Back to now</source>
        <translation>回到目前</translation>
    </message>
    <message>
        <source>Show the latest epoch again</source>
        <translation>重新顯示最新一輪</translation>
    </message>
    <message>
        <source>Epoch {0:,} of {1:,}</source>
        <translation>第 {0:,} 輪，共 {1:,} 輪</translation>
    </message>
    <message>
        <source>Epoch {0:,} (now)</source>
        <translation>第 {0:,} 輪（目前）</translation>
    </message>
    <message>
        <source>Best test epoch: {e}; the test loss has risen since</source>
        <translation>測試最佳的一輪：第 {e} 輪；此後測試損失一直上升</translation>
    </message>
    <message>
        <source>(the first factor already sums several paths)</source>
        <translation>（第一個因子已經是多條路徑之和）</translation>
    </message>
    <message>
        <source>Chain rule, from the output down:</source>
        <translation>連鎖律，從輸出往下：</translation>
    </message>
    <message>
        <source>Fix the formula or the values and press Build.</source>
        <translation>請修正公式或數值，然後按「建構」。</translation>
    </message>
    <message>
        <source>Next: {0}</source>
        <translation>下一步：{0}</translation>
    </message>
    <message>
        <source>Not built:</source>
        <translation>未建構：</translation>
    </message>
    <message>
        <source>gradient ∂{0}/∂node (below)</source>
        <translation>梯度 ∂{0}/∂節點（下方）</translation>
    </message>
    <message>
        <source>layer {l}</source>
        <translation>第 {l} 層</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>負</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>正</translation>
    </message>
    <message>
        <source>value (above a node)</source>
        <translation>值（節點上方）</translation>
    </message>
    <message>
        <source>your prediction, e.g. -4 or 0.2</source>
        <translation>你的預測，例如 -4 或 0.2</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>揭曉</translation>
    </message>
    <message>
        <source>Show the value the engine computed, and why</source>
        <translation>顯示引擎算出的值及原因</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ 上一步</translation>
    </message>
    <message>
        <source>Previous step (Page Up)</source>
        <translation>上一步 (Page Up)</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>Next step (Page Down)</source>
        <translation>下一步 (Page Down)</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>從頭開始</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>離開</translation>
    </message>
    <message>
        <source>Leave the lesson and get your own session back</source>
        <translation>離開本課，回到你自己的工作階段</translation>
    </message>
    <message>
        <source>No lesson open</source>
        <translation>沒有開啟的課程</translation>
    </message>
    <message>
        <source>Help ▸ Lessons lists them all.</source>
        <translation>「說明 ▸ 課程」列出了所有課程。</translation>
    </message>
    <message>
        <source>Step {0} of {1}</source>
        <translation>第 {0} / {1} 步</translation>
    </message>
    <message>
        <source>✓ Right.</source>
        <translation>✓ 正確。</translation>
    </message>
    <message>
        <source>✗ Not quite.</source>
        <translation>✗ 不太對。</translation>
    </message>
    <message>
        <source>Revealed.</source>
        <translation>已揭曉。</translation>
    </message>
    <message>
        <source>{0} The engine computes: {1}
{2}</source>
        <translation>{0}引擎算出：{1}
{2}</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>課程</translation>
    </message>
    <message>
        <source>Cannot open lesson</source>
        <translation>無法開啟課程</translation>
    </message>
    <message>
        <source>Lesson: {0}</source>
        <translation>課程：{0}</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>開啟課程</translation>
    </message>
    <message>
        <source>Open &amp;lesson…</source>
        <translation>開啟課程(&amp;L)…</translation>
    </message>
    <message>
        <source>Open a lesson file (TOML), e.g. one a teacher wrote</source>
        <translation>開啟課程檔案 (TOML)，例如老師編寫的課程</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>課程(&amp;L)</translation>
    </message>
    <message>
        <source>Leave lesson</source>
        <translation>離開課程</translation>
    </message>
    <message>
        <source>Digits: predictions and confusion matrix</source>
        <translation>手寫數字：預測與混淆矩陣</translation>
    </message>
    <message>
        <source>&amp;3-D loss surface</source>
        <translation>3D 損失曲面(&amp;3)</translation>
    </message>
    <message>
        <source>Show the loss surface as a bowl to rotate, with the descent path on it (Landscape and Lab)</source>
        <translation>將損失曲面顯示為可旋轉的碗，並畫出下降路徑（地形與實驗室）</translation>
    </message>
    <message>
        <source>3-D</source>
        <translation>3D</translation>
    </message>
    <message>
        <source>Loss surface in 3-D</source>
        <translation>3D 損失曲面</translation>
    </message>
    <message>
        <source>Test images</source>
        <translation>測試集影像</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>訓練集影像</translation>
    </message>
    <message>
        <source>All images</source>
        <translation>全部影像</translation>
    </message>
    <message>
        <source>true {t}, predicted {p}: {n} images (click to show them)</source>
        <translation>真實 {t}，預測 {p}：{n} 幅影像（按一下顯示它們）</translation>
    </message>
    <message>
        <source>predicted →</source>
        <translation>預測 →</translation>
    </message>
    <message>
        <source>true →</source>
        <translation>真實 →</translation>
    </message>
    <message>
        <source>Which images the gallery and the matrix count</source>
        <translation>圖庫和矩陣統計哪些影像</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Show every image again (not only one cell of the matrix)</source>
        <translation>重新顯示所有影像（而不只是矩陣的一格）</translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation>圖庫</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩陣</translation>
    </message>
    <message>
        <source>The images with their label and the network&apos;s prediction, mistakes first</source>
        <translation>影像及其標籤和網路的預測，錯誤的排在前面</translation>
    </message>
    <message>
        <source>How often each true digit (row) was predicted as each digit (column); the diagonal is right</source>
        <translation>每個真實數字（列）被預測為各個數字（行）的次數；對角線是預測正確的</translation>
    </message>
    <message>
        <source>Not an image data set</source>
        <translation>不是影像資料集</translation>
    </message>
    <message>
        <source>test images</source>
        <translation>幅測試集影像</translation>
    </message>
    <message>
        <source>training images</source>
        <translation>幅訓練集影像</translation>
    </message>
    <message>
        <source>images</source>
        <translation>幅影像</translation>
    </message>
    <message>
        <source>{w} of {n} {what} wrong ({acc:.1f} % right)</source>
        <translation>{n} {what}中錯了 {w} 幅（正確 {acc:.1f} %）</translation>
    </message>
    <message>
        <source>true {t}, predicted {p}: {k} images</source>
        <translation>真實 {t}，預測 {p}：{k} 幅影像</translation>
    </message>
    <message>
        <source>A neuron has a bias (and, with PReLU, a slope): pick which one to check</source>
        <translation>神經元有一個偏差（PReLU 還有一個斜率）：選擇要檢驗哪一個</translation>
    </message>
    <message>
        <source>backprop ∂L/∂w</source>
        <translation>反向傳播 ∂L/∂w</translation>
    </message>
    <message>
        <source>centred difference</source>
        <translation>中心差分</translation>
    </message>
    <message>
        <source>relative error</source>
        <translation>相對誤差</translation>
    </message>
    <message>
        <source>h</source>
        <translation>h</translation>
    </message>
    <message>
        <source>The step of the centred difference (E5 uses 1e-4): too big and the curve&apos;s bend shows, too small and rounding does</source>
        <translation>中心差分的步長（E5 用 1e-4）：太大會顯出曲線的彎曲，太小會顯出捨入誤差</translation>
    </message>
    <message>
        <source>nudge ε</source>
        <translation>微調 ε</translation>
    </message>
    <message>
        <source>Move the weight by ε (on a copy) and compare the change of the loss with the gradient&apos;s prediction</source>
        <translation>把權重移動 ε（在副本上），比較損失的變化與梯度的預測</translation>
    </message>
    <message>
        <source>Check all</source>
        <translation>全部檢驗</translation>
    </message>
    <message>
        <source>Check every parameter (E4) and report the worst relative error</source>
        <translation>檢驗每個參數（E4），報告最大的相對誤差</translation>
    </message>
    <message>
        <source>Show worst</source>
        <translation>顯示最差</translation>
    </message>
    <message>
        <source>Select the parameter with the largest relative error</source>
        <translation>選取相對誤差最大的參數</translation>
    </message>
    <message>
        <source>Select an edge, a bias or a neuron in the network to check its gradient</source>
        <translation>在網路中選取一條連線、一個偏差或一個神經元，以檢驗其梯度</translation>
    </message>
    <message>
        <source>(L(w+h) − L(w−h)) / 2h = ({fp} − {fm}) / {h2}</source>
        <translation>(L(w+h) − L(w−h)) / 2h = ({fp} − {fm}) / {h2}</translation>
    </message>
    <message>
        <source>✓ passes: under {tol:g} (E5)</source>
        <translation>✓ 通過：小於 {tol:g}（E5）</translation>
    </message>
    <message>
        <source>✗ fails: not under {tol:g} (E5)</source>
        <translation>✗ 未通過：不小於 {tol:g}（E5）</translation>
    </message>
    <message>
        <source>w → w + {eps}: predicted ΔL ≈ g·ε = {pred}; real ΔL = {real}</source>
        <translation>w → w + {eps}：預測 ΔL ≈ g·ε = {pred}；實際 ΔL = {real}</translation>
    </message>
    <message>
        <source>Checking {n} parameters…</source>
        <translation>正在檢驗 {n} 個參數…</translation>
    </message>
    <message>
        <source>No parameters to check</source>
        <translation>沒有可檢驗的參數</translation>
    </message>
    <message>
        <source>{done} of {n} checked; worst so far {label}: {err}</source>
        <translation>已檢驗 {n} 個中的 {done} 個；目前最差 {label}：{err}</translation>
    </message>
    <message>
        <source>All {n} pass; worst {label}: {err}</source>
        <translation>全部 {n} 個通過；最差 {label}：{err}</translation>
    </message>
    <message>
        <source>{bad} of {n} fail; worst {label}: {err}; first failing {first}</source>
        <translation>{n} 個中 {bad} 個未通過；最差 {label}：{err}；第一個未通過的是 {first}</translation>
    </message>
    <message>
        <source>Parameter &lt;b&gt;{label}&lt;/b&gt;</source>
        <translation>參數 &lt;b&gt;{label}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>{k} of {n} in layer {l}</source>
        <translation>第 {l} 層 {n} 個神經元中的 {k} 個</translation>
    </message>
    <message>
        <source>Dead ReLU units: {units} never activate on the training set, so they stopped learning.</source>
        <translation>ReLU 神經元死亡：{units}在整個訓練集上從不激活，因此不再學習。</translation>
    </message>
    <message>
        <source>Try a smaller learning rate, He initialisation or leaky ReLU.</source>
        <translation>試試更小的學習率、He 初始化或 Leaky ReLU。</translation>
    </message>
    <message>
        <source>Saturated units: {units} sit in the flat tails of tanh or sigmoid for most samples, so almost no gradient passes through them.</source>
        <translation>神經元飽和：{units}對大多數樣本都處在 tanh 或 sigmoid 平坦的兩端，幾乎沒有梯度能穿過它們。</translation>
    </message>
    <message>
        <source>Try smaller initial weights (Xavier or ×0.1), a smaller learning rate, or ReLU.</source>
        <translation>試試更小的初始權重（Xavier 或 ×0.1）、更小的學習率，或者 ReLU。</translation>
    </message>
    <message>
        <source>Vanishing gradients: layer 1&apos;s gradient is {ratio}× smaller than the last layer&apos;s, so the first layers barely learn.</source>
        <translation>梯度消失：第 1 層的梯度比最後一層小 {ratio} 倍，前面幾層幾乎學不到東西。</translation>
    </message>
    <message>
        <source>Vanishing gradients: layer 1 gets no gradient at all, so it cannot learn.</source>
        <translation>梯度消失：第 1 層完全得不到梯度，因此無法學習。</translation>
    </message>
    <message>
        <source>Try ReLU instead of sigmoid or tanh, Xavier or He initialisation, or fewer layers.</source>
        <translation>試試用 ReLU 代替 sigmoid 或 tanh、Xavier 或 He 初始化，或者減少層數。</translation>
    </message>
    <message>
        <source>Exploding gradients: the gradient norm of layer {l} is {value}, so the steps are far too big.</source>
        <translation>梯度爆炸：第 {l} 層的梯度範數是 {value}，每一步都邁得太大了。</translation>
    </message>
    <message>
        <source>Try a smaller learning rate or smaller initial weights.</source>
        <translation>試試更小的學習率或更小的初始權重。</translation>
    </message>
    <message>
        <source>Learning-rate trouble: since epoch {e} the loss jumps up and down without getting lower.</source>
        <translation>學習率有問題：從第 {e} 輪起，損失上下跳動，卻不下降。</translation>
    </message>
    <message>
        <source>Lower the learning rate by 10×.</source>
        <translation>把學習率降低到原來的十分之一。</translation>
    </message>
    <message>
        <source>Learning-rate trouble: since epoch {e} the loss is stuck far above what guessing the average gives.</source>
        <translation>學習率有問題：從第 {e} 輪起，損失一直停在遠高於「只猜平均值」的水準。</translation>
    </message>
    <message>
        <source>Overfitting: the test loss has risen since epoch {e} while the training loss kept falling.</source>
        <translation>過度擬合：從第 {e} 輪起測試損失在上升，而訓練損失仍在下降。</translation>
    </message>
    <message>
        <source>Stop near epoch {e}, add L2 regularisation, use more data or a smaller network.</source>
        <translation>在第 {e} 輪附近停止，加入 L2 正則化，使用更多資料或更小的網路。</translation>
    </message>
    <message>
        <source>Gradient norm (log scale):</source>
        <translation>梯度範數（對數刻度）：</translation>
    </message>
    <message>
        <source>No health problems found.</source>
        <translation>沒有發現訓練健康問題。</translation>
    </message>
    <message>
        <source>Best test epoch: {e}</source>
        <translation>測試最佳的一輪：第 {e} 輪</translation>
    </message>
    <message>
        <source>true loss</source>
        <translation>真實損失</translation>
    </message>
    <message>
        <source>the plane&apos;s loss</source>
        <translation>平面上的損失</translation>
    </message>
</context>
<context>
    <name>nnviz</name>
    <message>
        <source>Type a number, Enter to set it, Esc to cancel</source>
        <translation>輸入一個數，按 Enter 設定，按 Esc 取消</translation>
    </message>
</context>
</TS>
