<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>The language changes when nnviz starts again.</source>
        <translation>重新启动 nnviz 后语言才会改变。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>nnviz sessions (*.nnviz *.json);;All files (*)</source>
        <translation>nnviz 会话 (*.nnviz *.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Press Space to train, → to step one batch</source>
        <translation>按空格键训练，按 → 训练一个批次</translation>
    </message>
    <message>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Controls</source>
        <translation>控制</translation>
    </message>
    <message>
        <source>Data and decision boundary</source>
        <translation>数据与决策边界</translation>
    </message>
    <message>
        <source>Loss and accuracy</source>
        <translation>损失与准确率</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>检查器</translation>
    </message>
    <message>
        <source>Step-through: forward and backward pass</source>
        <translation>逐步演示：前向传播与反向传播</translation>
    </message>
    <message>
        <source>Loss surface</source>
        <translation>损失曲面</translation>
    </message>
    <message>
        <source>Learning-rate lab</source>
        <translation>学习率实验室</translation>
    </message>
    <message>
        <source>Drag the timeline to an earlier epoch first</source>
        <translation>请先把时间轴拖到较早的一轮</translation>
    </message>
    <message>
        <source>Cannot continue from there</source>
        <translation>无法从该处继续</translation>
    </message>
    <message>
        <source>&amp;New session</source>
        <translation>新建会话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Export view…</source>
        <translation>导出视图(&amp;E)…</translation>
    </message>
    <message>
        <source>Save a view as PNG or SVG</source>
        <translation>把一个视图保存为 PNG 或 SVG</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Smooth lines when paused</source>
        <translation>暂停时平滑线条(&amp;S)</translation>
    </message>
    <message>
        <source>Antialiased lines look better on a projector but cost 5–20× to draw; while training plays they are always off</source>
        <translation>抗锯齿线条在投影仪上更好看，但绘制耗时多 5–20 倍；训练播放时始终关闭</translation>
    </message>
    <message>
        <source>Reset &amp;layout</source>
        <translation>重置布局(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About nnviz</source>
        <translation>关于 nnviz(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Learning-rate lab…</source>
        <translation>学习率实验室(&amp;L)…</translation>
    </message>
    <message>
        <source>Several learning rates and optimisers side by side on one loss surface</source>
        <translation>在同一个损失曲面上并排比较多个学习率和优化器 (optimiser)</translation>
    </message>
    <message>
        <source>Recompute loss &amp;surface</source>
        <translation>重新计算损失曲面(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Present</source>
        <translation>演示(&amp;P)</translation>
    </message>
    <message>
        <source>Presentation mode: the main view fills the screen, large text</source>
        <translation>演示模式：主视图占满屏幕，文字放大</translation>
    </message>
    <message>
        <source>End presentation</source>
        <translation>结束演示</translation>
    </message>
    <message>
        <source>Zoom &amp;in</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual size</source>
        <translation>实际大小(&amp;A)</translation>
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
        <translation>时间轴：后退一轮</translation>
    </message>
    <message>
        <source>Timeline: one epoch forward</source>
        <translation>时间轴：前进一轮</translation>
    </message>
    <message>
        <source>Continue from &amp;here</source>
        <translation>从这里继续(&amp;H)</translation>
    </message>
    <message>
        <source>Make the epoch shown on the timeline the present</source>
        <translation>把时间轴上显示的这一轮设为当前状态</translation>
    </message>
    <message>
        <source>&amp;Replay training</source>
        <translation>回放训练(&amp;R)</translation>
    </message>
    <message>
        <source>Play the recorded training back without training again</source>
        <translation>回放记录下来的训练过程，不重新训练</translation>
    </message>
    <message>
        <source>&amp;{0} workspace</source>
        <translation>{0}工作区</translation>
    </message>
    <message>
        <source>Web page (.html)</source>
        <translation>网页 (.html)</translation>
    </message>
    <message>
        <source>Markdown with LaTeX (.md + .svg)</source>
        <translation>Markdown 与 LaTeX (.md + .svg)</translation>
    </message>
    <message>
        <source>None: every number filled in</source>
        <translation>无：所有数字都填好</translation>
    </message>
    <message>
        <source>Gradients (backward pass and update)</source>
        <translation>梯度（反向传播与更新）</translation>
    </message>
    <message>
        <source>Values (forward pass)</source>
        <translation>值（前向传播）</translation>
    </message>
    <message>
        <source>Every computed number</source>
        <translation>所有算出的数字</translation>
    </message>
    <message>
        <source>The nodes named below</source>
        <translation>下面列出的节点</translation>
    </message>
    <message>
        <source>Export handout</source>
        <translation>导出讲义</translation>
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
        <translation>节点名称，用逗号分隔</translation>
    </message>
    <message>
        <source>More than one copy: each gets fresh input values, computed again by the engine</source>
        <translation>多于一份时：每份使用新的输入值，由引擎重新计算</translation>
    </message>
    <message>
        <source>Copies:</source>
        <translation>份数：</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>The same seed prints the same copies again</source>
        <translation>相同的种子会再次打印相同的几份</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>种子：</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>语言：</translation>
    </message>
    <message>
        <source>Gaps are listed on an answer key that starts a new page.</source>
        <translation>空格的答案列在新一页的答案表上。</translation>
    </message>
    <message>
        <source>Export &amp;handout…</source>
        <translation>导出讲义(&amp;H)…</translation>
    </message>
    <message>
        <source>Print the step-through: every step with its numbers, optionally with blanks and an answer key</source>
        <translation>打印逐步演示：每一步及其数字，可选空格与答案表</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>网页 (*.html)</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Cannot export handout</source>
        <translation>无法导出讲义</translation>
    </message>
    <message>
        <source>Handout written: {0}</source>
        <translation>讲义已写入：{0}</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Gradient check</source>
        <translation>梯度检验</translation>
    </message>
    <message>
        <source>&amp;Pin this run</source>
        <translation>固定本次运行(&amp;P)</translation>
    </message>
    <message>
        <source>Keep this run to compare: change a setting, Reset and train again (up to 4 pinned)</source>
        <translation>保留本次运行以作比较：改一项设置，重置后再训练（最多固定 4 次）</translation>
    </message>
    <message>
        <source>Clear pinned runs</source>
        <translation>清除固定的运行</translation>
    </message>
    <message>
        <source>Forget every pinned run</source>
        <translation>忘掉所有固定的运行</translation>
    </message>
    <message>
        <source>Check all &amp;gradients</source>
        <translation>检验全部梯度(&amp;G)</translation>
    </message>
    <message>
        <source>Compare backprop with centred differences for every parameter (E4) and report the worst</source>
        <translation>对每个参数比较反向传播与中心差分（E4），并报告最差的一个</translation>
    </message>
    <message>
        <source>&amp;Train</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>Cannot pin this run</source>
        <translation>无法固定本次运行</translation>
    </message>
    <message>
        <source>Pinned {name}: change a setting, press Reset (Ctrl+R) and train again</source>
        <translation>已固定 {name}：改一项设置，按“重置”（Ctrl+R）后再训练</translation>
    </message>
    <message>
        <source>Runs side by side</source>
        <translation>运行并排比较</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>No NaN was drawn; the views show the last finite weights.</source>
        <translation>没有绘制 NaN；各视图显示的是最后一组有限的权重。</translation>
    </message>
    <message>
        <source>Go back and divide learning rate by 10</source>
        <translation>回退并把学习率除以 10</translation>
    </message>
    <message>
        <source>Training diverged and was paused</source>
        <translation>训练发散，已暂停</translation>
    </message>
    <message>
        <source>Training is going nowhere and was paused</source>
        <translation>训练停滞不前，已暂停</translation>
    </message>
    <message>
        <source>Cannot change the learning rate</source>
        <translation>无法修改学习率</translation>
    </message>
    <message>
        <source>Learning rate is now {0:g}; press Space to continue</source>
        <translation>学习率现在是 {0:g}；按空格键继续</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>This session has unsaved changes. Save them first?</source>
        <translation>此会话有未保存的更改。要先保存吗？</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Cannot open {0}</source>
        <translation>无法打开 {0}</translation>
    </message>
    <message>
        <source>Opened {0}</source>
        <translation>已打开 {0}</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Whole window</source>
        <translation>整个窗口</translation>
    </message>
    <message>
        <source>Export view</source>
        <translation>导出视图</translation>
    </message>
    <message>
        <source>View:</source>
        <translation>视图：</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PNG 图像 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>Exported {0}</source>
        <translation>已导出 {0}</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>&amp;Undo {0}</source>
        <translation>撤销(&amp;U) {0}</translation>
    </message>
    <message>
        <source>&amp;Redo {0}</source>
        <translation>重做(&amp;R) {0}</translation>
    </message>
    <message>
        <source>About nnviz</source>
        <translation>关于 nnviz</translation>
    </message>
    <message>
        <source>&lt;b&gt;nnviz&lt;/b&gt; — watch a small neural network learn: live weights and gradients, the decision boundary, and the loss curves.</source>
        <translation>&lt;b&gt;nnviz&lt;/b&gt; —— 看一个小型神经网络如何学习：实时的权重和梯度、决策边界以及损失曲线。</translation>
    </message>
    <message>
        <source>in the Backprop workspace</source>
        <translation>在“反向传播”工作区中</translation>
    </message>
    <message>
        <source>→ outside Backprop; Ctrl+→ everywhere</source>
        <translation>“反向传播”工作区以外按 →；任何地方按 Ctrl+→</translation>
    </message>
    <message>
        <source>Shift+→ outside Backprop; Ctrl+Shift+→ in it</source>
        <translation>“反向传播”工作区以外按 Shift+→；工作区内按 Ctrl+Shift+→</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>   (m′, v′: bias-corrected)</source>
        <translation>   （m′、v′：偏差校正后）</translation>
    </message>
    <message>
        <source>“{0}” is not a number: type a {1} such as 0.03</source>
        <translation>“{0}”不是数字：请输入{1}，例如 0.03</translation>
    </message>
    <message>
        <source>The {0} must be greater than 0 (you typed {1})</source>
        <translation>{0}必须大于 0（你输入的是 {1}）</translation>
    </message>
    <message>
        <source>Layer {0}</source>
        <translation>第 {0} 层</translation>
    </message>
    <message>
        <source> units</source>
        <translation> 个神经元</translation>
    </message>
    <message>
        <source>Neurons in hidden layer {0} (1 to {1})</source>
        <translation>隐藏层 {0} 的神经元数（1 到 {1}）</translation>
    </message>
    <message>
        <source>Remove hidden layer {0}</source>
        <translation>删除隐藏层 {0}</translation>
    </message>
    <message>
        <source>Greyed-out settings are fixed by this lesson</source>
        <translation>灰色的设置由本课固定</translation>
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
        <translation>持续训练（开/关）</translation>
    </message>
    <message>
        <source>&amp;Step one batch</source>
        <translation>训练一个批次(&amp;S)</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Train on one batch (one update of the weights)</source>
        <translation>用一个批次 (batch) 训练（权重更新一次）</translation>
    </message>
    <message>
        <source>Step one &amp;epoch</source>
        <translation>训练一轮(&amp;E)</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>一轮</translation>
    </message>
    <message>
        <source>Train until every training sample has been seen once</source>
        <translation>训练一轮 (epoch)：直到每个训练样本都被用过一次</translation>
    </message>
    <message>
        <source>&amp;Reset weights</source>
        <translation>重置权重(&amp;R)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>New random weights and an empty history (undoable)</source>
        <translation>新的随机权重，清空历史（可撤销）</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Training speed, from 0.5 epochs a second (to narrate) to full speed</source>
        <translation>训练速度：从每秒 0.5 轮（便于讲解）到全速</translation>
    </message>
    <message>
        <source>↶ Epoch {0:,}</source>
        <translation>↶ 第 {0:,} 轮</translation>
    </message>
    <message>
        <source>classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>regression</source>
        <translation>回归</translation>
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
        <translation>标量</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>hidden layers</source>
        <translation>隐藏层数</translation>
    </message>
    <message>
        <source>units in a hidden layer</source>
        <translation>隐藏层的神经元数</translation>
    </message>
    <message>
        <source>inputs</source>
        <translation>输入数</translation>
    </message>
    <message>
        <source>outputs</source>
        <translation>输出数</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>参数数量</translation>
    </message>
    <message>
        <source>leaky-ReLU slope</source>
        <translation>leaky ReLU 斜率</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>L1 rate</source>
        <translation>L1 系数</translation>
    </message>
    <message>
        <source>L2 rate</source>
        <translation>L2 系数</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>test fraction</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <source>session file size</source>
        <translation>会话文件大小</translation>
    </message>
    <message>
        <source>CSV file size</source>
        <translation>CSV 文件大小</translation>
    </message>
    <message>
        <source>CSV columns</source>
        <translation>CSV 列数</translation>
    </message>
    <message>
        <source>values</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>rates</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>learning rates</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>层</translation>
    </message>
    <message>
        <source>data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>initialiser</source>
        <translation>初始化方法</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>training seed</source>
        <translation>训练种子</translation>
    </message>
    <message>
        <source>data seed</source>
        <translation>数据种子</translation>
    </message>
    <message>
        <source>{name} must be from {lo} to {hi}, got {value}</source>
        <translation>{name}必须在 {lo} 到 {hi} 之间，而不是 {value}</translation>
    </message>
    <message>
        <source>{name} must be above {lo} and at most {hi}, got {value}</source>
        <translation>{name}必须大于 {lo} 且不超过 {hi}，而不是 {value}</translation>
    </message>
    <message>
        <source>{name}: {value} is not a whole number</source>
        <translation>{name}：{value} 不是整数</translation>
    </message>
    <message>
        <source>{name}: expected a number, got {value}</source>
        <translation>{name}：应为数字，而不是 {value}</translation>
    </message>
    <message>
        <source>{name}: {value} is not a number</source>
        <translation>{name}：{value} 不是数字</translation>
    </message>
    <message>
        <source>{name}: {value} is too large</source>
        <translation>{name}：{value} 太大</translation>
    </message>
    <message>
        <source>{name}: {value} is too long to be a number</source>
        <translation>{name}：{value} 太长，不是数字</translation>
    </message>
    <message>
        <source>{name}: must be a finite number, got {value}</source>
        <translation>{name}：必须是有限的数，而不是 {value}</translation>
    </message>
    <message>
        <source>{name}: {value} is ambiguous — write {a} or {b}</source>
        <translation>{name}：{value} 有歧义——请写成 {a} 或 {b}</translation>
    </message>
    <message>
        <source>This run has reached {n} epochs, the most a session keeps. Continue from an earlier epoch, or Reset.</source>
        <translation>这次运行已达到 {n} 轮，这是一个会话最多保留的轮数。请从较早的一轮继续，或重置。</translation>
    </message>
    <message>
        <source>Training diverged: {what}. The learning rate {lr} is probably too large — try {lr10}. The last finite parameters were kept.</source>
        <translation>训练发散：{what}。学习率 {lr} 可能太大——试试 {lr10}。已保留最后一组有限的参数。</translation>
    </message>
    <message>
        <source>the loss became {value} at step {step}</source>
        <translation>损失在第 {step} 步变成了 {value}</translation>
    </message>
    <message>
        <source>the loss grew from {a} to {b} by step {step}</source>
        <translation>到第 {step} 步，损失从 {a} 增长到 {b}</translation>
    </message>
    <message>
        <source>the parameters blew up (beyond {cap}) at step {step}</source>
        <translation>参数在第 {step} 步爆炸（超出 {cap}）</translation>
    </message>
    <message>
        <source>Training is going nowhere: {what}. Lower the learning rate by 10× (to {lr}){back}.</source>
        <translation>训练停滞不前：{what}。把学习率降低为十分之一（到 {lr}）{back}。</translation>
    </message>
    <message>
        <source>, going back to epoch {epoch}</source>
        <translation>，并回到第 {epoch} 轮</translation>
    </message>
    <message>
        <source>the loss jumps up and down between {a} and {b} over the last {n} epochs without getting lower</source>
        <translation>在最近 {n} 轮中，损失在 {a} 和 {b} 之间来回跳动，没有下降</translation>
    </message>
    <message>
        <source>the loss has stayed at {low} or above for {n} epochs, more than {k}× the {base} of predicting the average, and is not improving</source>
        <translation>损失已连续 {n} 轮保持在 {low} 或以上，超过只预测平均值时的 {base} 的 {k} 倍，而且没有改善</translation>
    </message>
    <message>
        <source>The scalar graph draws every weight as a node and allows at most {cap} parameters; this network has {n}, so it is shown by layers.</source>
        <translation>标量计算图把每个权重画成一个节点，最多允许 {cap} 个参数；这个网络有 {n} 个，所以按层显示。</translation>
    </message>
    <message>
        <source>Change {desc}</source>
        <translation>把{desc}</translation>
    </message>
    <message>
        <source>Reset training</source>
        <translation>重置训练</translation>
    </message>
    <message>
        <source>Lower learning rate to {lr}</source>
        <translation>把学习率降到 {lr}</translation>
    </message>
    <message>
        <source>Continue from epoch {epoch}</source>
        <translation>从第 {epoch} 轮继续</translation>
    </message>
    <message>
        <source>no such file</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>no such file: {path}</source>
        <translation>文件不存在：{path}</translation>
    </message>
    <message>
        <source>permission denied: {path}</source>
        <translation>没有权限：{path}</translation>
    </message>
    <message>
        <source>it is a folder, not a file: {path}</source>
        <translation>这是文件夹，不是文件：{path}</translation>
    </message>
    <message>
        <source>no space left on the disk</source>
        <translation>磁盘空间不足</translation>
    </message>
    <message>
        <source>it is a folder, not a {kind}</source>
        <translation>这是文件夹，不是{kind}</translation>
    </message>
    <message>
        <source>not a valid file name</source>
        <translation>不是有效的文件名</translation>
    </message>
    <message>
        <source>cannot read it now (the file is busy)</source>
        <translation>现在无法读取（文件正被占用）</translation>
    </message>
    <message>
        <source>the file is too large ({size}); a {kind} is at most {cap}</source>
        <translation>文件太大（{size}）；{kind}最大为 {cap}</translation>
    </message>
    <message>
        <source>the file is empty (not a {kind})</source>
        <translation>文件是空的（不是{kind}）</translation>
    </message>
    <message>
        <source>not a {kind}: it is a binary file, not text</source>
        <translation>不是{kind}：这是二进制文件，不是文本</translation>
    </message>
    <message>
        <source>not a {kind}: not valid JSON ({detail})</source>
        <translation>不是{kind}：不是有效的 JSON（{detail}）</translation>
    </message>
    <message>
        <source>not a {kind}: not UTF-8 text (byte {byte})</source>
        <translation>不是{kind}：不是 UTF-8 文本（第 {byte} 字节）</translation>
    </message>
    <message>
        <source>made by a newer nnviz (version {version}); update nnviz to open it</source>
        <translation>由较新版本的 nnviz 创建（版本 {version}）；请更新 nnviz 后再打开</translation>
    </message>
    <message>
        <source>missing field &apos;{field}&apos;</source>
        <translation>缺少字段“{field}”</translation>
    </message>
    <message>
        <source>session file</source>
        <translation>会话文件</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <source>nnviz session</source>
        <translation>nnviz 会话</translation>
    </message>
    <message>
        <source>file</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>lesson file</source>
        <translation>课程文件</translation>
    </message>
    <message>
        <source>spec file</source>
        <translation>规格文件</translation>
    </message>
    <message>
        <source>{name} to {value}</source>
        <translation>{name}改为 {value}</translation>
    </message>
    <message>
        <source>h{l}: {k}/{n} dead</source>
        <translation>h{l}：{k}/{n} 个神经元已死</translation>
    </message>
    <message>
        <source>h{l}: {k}/{n} saturated</source>
        <translation>h{l}：{k}/{n} 个神经元饱和</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>Training health</source>
        <translation>训练健康状况</translation>
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
        <translation>低速时按整轮或按单个批次前进</translation>
    </message>
    <message>
        <source>Slow speeds step by</source>
        <translation>低速时每步前进</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>The points the network learns from</source>
        <translation>网络从中学习的数据点</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Number of classes (Gaussian blobs and Spiral only)</source>
        <translation>类别数（仅高斯团和螺旋）</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Standard deviation of the noise added to the points</source>
        <translation>加到数据点上的噪声 (noise) 的标准差</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>How many points to generate</source>
        <translation>要生成多少个点</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Share of the points held out as the test set (never trained on)</source>
        <translation>留作测试集 (test set) 的点所占比例（从不用于训练）</translation>
    </message>
    <message>
        <source>Test share</source>
        <translation>测试比例</translation>
    </message>
    <message>
        <source>Seed of the data generator: the same seed gives the same points</source>
        <translation>数据生成器的种子：同一个种子生成同样的点</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>A fresh sample of the same data set (next data seed)</source>
        <translation>同一数据集的新样本（下一个数据种子）</translation>
    </message>
    <message>
        <source>Data seed</source>
        <translation>数据种子</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>Feed {0} to the network as an input</source>
        <translation>把 {0} 作为输入送入网络</translation>
    </message>
    <message>
        <source>No hidden layer: the inputs feed the output directly (logistic / linear regression)</source>
        <translation>没有隐藏层：输入直接送到输出（逻辑回归 / 线性回归）</translation>
    </message>
    <message>
        <source>+  Add layer</source>
        <translation>+  添加层</translation>
    </message>
    <message>
        <source>Add a hidden layer (at most {0})</source>
        <translation>添加一个隐藏层（最多 {0} 个）</translation>
    </message>
    <message>
        <source>Initialiser</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Seed of the initial weights: the same seed gives the same start</source>
        <translation>初始权重 (weights) 的种子：同一个种子得到同样的起点</translation>
    </message>
    <message>
        <source>Weight seed</source>
        <translation>权重种子</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Two moons</source>
        <translation>双月</translation>
    </message>
    <message>
        <source>Circles</source>
        <translation>同心圆</translation>
    </message>
    <message>
        <source>Gaussian blobs</source>
        <translation>高斯团</translation>
    </message>
    <message>
        <source>Spiral</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>Iris (4 features, 3 classes)</source>
        <translation>鸢尾花（4 个特征，3 类）</translation>
    </message>
    <message>
        <source>Line y = wx + b</source>
        <translation>直线 y = wx + b</translation>
    </message>
    <message>
        <source>Circle area y = πr²</source>
        <translation>圆面积 y = πr²</translation>
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
        <translation>自定义点</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>leaky ReLU</source>
        <translation>leaky ReLU</translation>
    </message>
    <message>
        <source>Digits (8×8 images)</source>
        <translation>手写数字（8×8 图像）</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>均方误差</translation>
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
        <translation>均匀 ±0.5</translation>
    </message>
    <message>
        <source>Zeros</source>
        <translation>全零</translation>
    </message>
    <message>
        <source>W, b ~ N(0, 1)·0.1 — small random values, as in the tutorial; they keep sigmoid and tanh out of their flat tails</source>
        <translation>W, b ~ N(0, 1)·0.1 —— 较小的随机值，与教程相同；使 sigmoid 和 tanh 不落入平坦的两端</translation>
    </message>
    <message>
        <source>W ~ N(0, 2/(fan_in + fan_out)), b = 0 — Glorot&apos;s rule, good for tanh</source>
        <translation>W ~ N(0, 2/(fan_in + fan_out)), b = 0 —— Glorot 法则，适合 tanh</translation>
    </message>
    <message>
        <source>W ~ N(0, 2/fan_in), b = 0 — He&apos;s rule, good for ReLU</source>
        <translation>W ~ N(0, 2/fan_in), b = 0 —— He 法则，适合 ReLU</translation>
    </message>
    <message>
        <source>W = b = 0 — every unit in a layer stays identical forever: symmetry never breaks</source>
        <translation>W = b = 0 —— 同一层的所有神经元永远相同：对称性无法打破</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Learning rate η: the size of each step downhill. Too large overshoots and diverges; too small crawls. Pick a preset or type any number &gt; 0.</source>
        <translation>学习率 (learning rate) η：每一步下山的步长。太大会越过最低点并发散；太小则进展缓慢。可选预设值或输入任意大于 0 的数。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Samples per update; “full batch” uses every training sample for each step</source>
        <translation>每次更新使用的样本数，即批量大小 (batch size)；“全批量”每一步都使用全部训练样本</translation>
    </message>
    <message>
        <source>full batch</source>
        <translation>全批量</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>No penalty on the weights</source>
        <translation>不对权重施加惩罚（不做正则化，regularisation）</translation>
    </message>
    <message>
        <source>L1: adds λ·Σ|w| to the loss — pushes weights to exactly 0</source>
        <translation>L1：在损失上加 λ·Σ|w| —— 把权重推向恰好为 0</translation>
    </message>
    <message>
        <source>L2: adds ½λ·Σw² to the loss — keeps weights small</source>
        <translation>L2：在损失上加 ½λ·Σw² —— 让权重保持较小</translation>
    </message>
    <message>
        <source>None</source>
        <translation>无</translation>
    </message>
    <message>
        <source>regularisation rate</source>
        <translation>正则化系数</translation>
    </message>
    <message>
        <source>Regularisation rate λ</source>
        <translation>正则化系数 λ</translation>
    </message>
    <message>
        <source>Regularisation</source>
        <translation>正则化</translation>
    </message>
    <message>
        <source>Seed of the batch shuffling: the same seed gives the same order</source>
        <translation>批次打乱的种子：同一个种子得到同样的顺序</translation>
    </message>
    <message>
        <source>Training seed</source>
        <translation>训练种子</translation>
    </message>
    <message>
        <source>Engineered features apply to 2-D data only; this data set feeds its {0} input(s) directly: {1}</source>
        <translation>构造特征只适用于二维数据；这个数据集直接输入它的 {0} 个输入：{1}</translation>
    </message>
    <message>
        <source>Input: {0} ({1})</source>
        <translation>输入：{0}（{1}）</translation>
    </message>
    <message>
        <source>unit</source>
        <translation>个神经元</translation>
    </message>
    <message>
        <source>units</source>
        <translation>个神经元</translation>
    </message>
    <message>
        <source>Output: {0} {1} {2}
Loss: {3}</source>
        <translation>输出：{0} {2}（{1}）
损失：{3}</translation>
    </message>
    <message>
        <source>Chosen to fit the task ({0})</source>
        <translation>按任务（{0}）选择</translation>
    </message>
    <message>
        <source>Parameters: {0:,}</source>
        <translation>参数：{0:,}</translation>
    </message>
    <message>
        <source>Epoch {0:,}</source>
        <translation>第 {0:,} 轮</translation>
    </message>
    <message>
        <source>Looking back at an earlier epoch: drag the timeline or press Back to now</source>
        <translation>正在回看较早的一轮：拖动时间轴，或按“回到当前”</translation>
    </message>
    <message>
        <source>loss {0} · test {1}</source>
        <translation>损失 {0} · 测试 {1}</translation>
    </message>
    <message>
        <source>press Play or Step to start</source>
        <translation>按“播放”或“单步”开始</translation>
    </message>
    <message>
        <source>accuracy {0} · test {1}</source>
        <translation>准确率 {0} · 测试 {1}</translation>
    </message>
    <message>
        <source>R² {0} · test {1}</source>
        <translation>R² {0} · 测试 {1}</translation>
    </message>
    <message>
        <source>diverged — lower the learning rate, then Reset</source>
        <translation>已发散——降低学习率，然后重置</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Training diverged</source>
        <translation>训练发散</translation>
    </message>
    <message>
        <source>Keep at least one input feature: the network needs an input</source>
        <translation>至少保留一个输入特征：网络需要输入</translation>
    </message>
    <message>
        <source>At most {0} hidden layers</source>
        <translation>最多 {0} 个隐藏层</translation>
    </message>
    <message>
        <source>epochs/s</source>
        <translation>轮/秒</translation>
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
        <translation>训练无法继续</translation>
    </message>
    <message>
        <source> + {0} PReLU slopes</source>
        <translation> + {0} 个 PReLU 斜率</translation>
    </message>
    <message>
        <source>One hidden layer: (Dx+1)·H + (H+1)·Dy</source>
        <translation>一个隐藏层：(Dx+1)·H + (H+1)·Dy</translation>
    </message>
    <message>
        <source>No hidden layer: (Dx+1)·Dy</source>
        <translation>没有隐藏层：(Dx+1)·Dy</translation>
    </message>
    <message>
        <source>Each layer: (fan_in + 1)·fan_out — weights plus one bias per unit</source>
        <translation>每一层：(fan_in + 1)·fan_out —— 权重加上每个神经元一个偏置</translation>
    </message>
    <message>
        <source>Curve tools</source>
        <translation>曲线工具</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <source>Show the loss on a logarithmic scale</source>
        <translation>用对数刻度显示损失</translation>
    </message>
    <message>
        <source>x axis:</source>
        <translation>横轴：</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Plot against epochs (passes over the training set) or steps (parameter updates)</source>
        <translation>按轮 (epoch，遍历一次训练集) 或按步 (参数更新一次) 绘图</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <source>Show all the data and follow it as it grows</source>
        <translation>显示全部数据，并随数据增长自动跟随</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Train the network to see its loss here</source>
        <translation>训练网络后，这里会显示它的损失</translation>
    </message>
    <message>
        <source>best test: epoch {e}</source>
        <translation>测试最佳：第 {e} 轮</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>R²</source>
        <translation>R²</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>准确率%</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>epoch {e} · step {s}</source>
        <translation>第 {e} 轮 · 第 {s} 步</translation>
    </message>
    <message>
        <source>train: loss {loss} · {metric} {value}</source>
        <translation>训练：损失 {loss} · {metric} {value}</translation>
    </message>
    <message>
        <source>test: loss {loss} · {metric} {value}</source>
        <translation>测试：损失 {loss} · {metric} {value}</translation>
    </message>
    <message>
        <source>Data tools</source>
        <translation>数据工具</translation>
    </message>
    <message>
        <source>What a click on the plot does</source>
        <translation>在图上单击时做什么</translation>
    </message>
    <message>
        <source>y = </source>
        <translation>y = </translation>
    </message>
    <message>
        <source>Target value of the points you add</source>
        <translation>所添加的点的目标值</translation>
    </message>
    <message>
        <source>Test points</source>
        <translation>测试点</translation>
    </message>
    <message>
        <source>Show the test points (white with a coloured ring)</source>
        <translation>显示测试点（白色带彩色圆环）</translation>
    </message>
    <message>
        <source>Discretize</source>
        <translation>离散化</translation>
    </message>
    <message>
        <source>Colour the plane by the predicted class only (threshold 0.5, or the largest output)</source>
        <translation>只按预测的类别给平面着色（阈值 0.5，或取最大的输出）</translation>
    </message>
    <message>
        <source>Drag the timeline to compare the runs at another epoch</source>
        <translation>拖动时间轴，在另一轮比较这些运行</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>Pin this run to compare the next one with it (up to 4)</source>
        <translation>固定本次运行，用来与下一次比较（最多 4 次）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Forget the pinned runs</source>
        <translation>忘掉固定的运行</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>same settings</source>
        <translation>设置相同</translation>
    </message>
    <message>
        <source>{name}: no picture (data of more than 2 inputs, or unknown)</source>
        <translation>{name}：无图（数据多于 2 个输入，或未知）</translation>
    </message>
    <message>
        <source>{name} (epoch {k})</source>
        <translation>{name}（第 {k} 轮）</translation>
    </message>
    <message>
        <source>Pin this run, change a setting, press Reset and train again: the runs show here side by side</source>
        <translation>固定本次运行，改一项设置，按“重置”后再训练：各次运行会在这里并排显示</translation>
    </message>
    <message>
        <source>Epoch {k}</source>
        <translation>第 {k} 轮</translation>
    </message>
    <message>
        <source>Remove all points but two per class</source>
        <translation>删除所有点，每个类别只保留两个</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <source>Load points from a CSV file: input columns, then the class or target</source>
        <translation>从 CSV 文件载入数据点：先是输入列，然后是类别或目标值</translation>
    </message>
    <message>
        <source>Each sample is an {r}×{c} image: its {n} pixels are the inputs, too many to draw as points on a plane. The Digits pane shows the images with what the network predicts.</source>
        <translation>每个样本是一幅 {r}×{c} 的图像：它的 {n} 个像素就是输入，多得无法画成平面上的点。“数字”面板显示这些图像以及网络的预测。</translation>
    </message>
    <message>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>y</source>
        <translation>y</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>数据点</translation>
    </message>
    <message>
        <source>Select</source>
        <translation>选择</translation>
    </message>
    <message>
        <source>Add {name}</source>
        <translation>添加 {name}</translation>
    </message>
    <message>
        <source>Add point</source>
        <translation>添加点</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <source>Painting points needs data with one or two inputs</source>
        <translation>只有一个或两个输入的数据才能画点</translation>
    </message>
    <message>
        <source>not trained yet</source>
        <translation>尚未训练</translation>
    </message>
    <message>
        <source>other inputs held at their mean</source>
        <translation>其他输入固定为其平均值</translation>
    </message>
    <message>
        <source>training diverged</source>
        <translation>训练发散</translation>
    </message>
    <message>
        <source>Import CSV</source>
        <translation>导入 CSV</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>parameter (learned)</source>
        <translation>参数（可学习）</translation>
    </message>
    <message>
        <source>constant</source>
        <translation>常数</translation>
    </message>
    <message>
        <source>local rule: {0}</source>
        <translation>局部法则：{0}</translation>
    </message>
    <message>
        <source>Click to jump to its step</source>
        <translation>单击跳到它的那一步</translation>
    </message>
    <message>
        <source>… ({0} more)</source>
        <translation>…（还有 {0} 个）</translation>
    </message>
    <message>
        <source>Show gradients ∂L/∂W instead of values</source>
        <translation>显示梯度 (gradient) ∂L/∂W 而不是数值</translation>
    </message>
    <message>
        <source>Click a neuron or a connection in the Network view to see its numbers here.</source>
        <translation>在网络视图中单击一个神经元或一条连接，这里会显示它的数值。</translation>
    </message>
    <message>
        <source>The selected item is not part of this network any more.</source>
        <translation>所选项目已不在这个网络中。</translation>
    </message>
    <message>
        <source>Input layer</source>
        <translation>输入层</translation>
    </message>
    <message>
        <source>Output layer</source>
        <translation>输出层</translation>
    </message>
    <message>
        <source>Hidden layer {0}</source>
        <translation>隐藏层 {0}</translation>
    </message>
    <message>
        <source>class {0}</source>
        <translation>类别 {0}</translation>
    </message>
    <message>
        <source>Sample {0} of {1} (training): {2} · target {3}</source>
        <translation>样本 {0} / {1}（训练集）：{2} · 目标 {3}</translation>
    </message>
    <message>
        <source>{0} · neuron {1}</source>
        <translation>{0} · 神经元 {1}</translation>
    </message>
    <message>
        <source>bias b = &lt;b&gt;{0}&lt;/b&gt; · &lt;span style=&apos;color:{2}&apos;&gt;∂L/∂b = {1}&lt;/span&gt;</source>
        <translation>偏置 b = &lt;b&gt;{0}&lt;/b&gt; · &lt;span style=&apos;color:{2}&apos;&gt;∂L/∂b = {1}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{2}&apos;&gt;z = {0}&lt;/span&gt; · &lt;span style=&apos;color:{2}&apos;&gt;a = {1}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{2}&apos;&gt;z = {0}&lt;/span&gt; · &lt;span style=&apos;color:{2}&apos;&gt;a = {1}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>prediction ŷ = {0} · target y = {1}</source>
        <translation>预测 ŷ = {0} · 目标 y = {1}</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>weight wᵢ</source>
        <translation>权重 wᵢ</translation>
    </message>
    <message>
        <source>Input {0}</source>
        <translation>输入 {0}</translation>
    </message>
    <message>
        <source>Feeds every neuron of the next layer through W1[{0},:]</source>
        <translation>通过 W1[{0},:] 送到下一层的每个神经元</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{2}&apos;&gt;{0} = {1}&lt;/span&gt; for this sample</source>
        <translation>本样本的 &lt;span style=&apos;color:{2}&apos;&gt;{0} = {1}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>weight w</source>
        <translation>权重 w</translation>
    </message>
    <message>
        <source>Input layer · {0} inputs</source>
        <translation>输入层 · {0} 个输入</translation>
    </message>
    <message>
        <source>What the network is fed for the selected sample</source>
        <translation>所选样本送入网络的值</translation>
    </message>
    <message>
        <source>value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>linear (identity)</source>
        <translation>线性（恒等）</translation>
    </message>
    <message>
        <source>{0}: {1} — incoming weights {2} … {3}, bias {4}</source>
        <translation>{0}：{1} —— 输入权重 {2} … {3}，偏置 {4}</translation>
    </message>
    <message>
        <source>{0} · {1} → {2} · {3}</source>
        <translation>{0} · {1} → {2} · {3}</translation>
    </message>
    <message>
        <source>gradients ∂L/∂W{0}, ∂L/∂b{0} over the training set</source>
        <translation>整个训练集上的梯度 ∂L/∂W{0}、∂L/∂b{0}</translation>
    </message>
    <message>
        <source>weights W{0} and biases b{0}</source>
        <translation>权重 W{0} 和偏置 b{0}</translation>
    </message>
    <message>
        <source>Rows: the {0} inputs and the bias; columns: the {1} neurons. Showing {2}.</source>
        <translation>行：{0} 个输入和偏置；列：{1} 个神经元。显示的是{2}。</translation>
    </message>
    <message>
        <source>{0} parameters · largest |value| {1} · orange = negative, blue = positive</source>
        <translation>{0} 个参数 · 最大 |值| {1} · 橙色 = 负，蓝色 = 正</translation>
    </message>
    <message>
        <source>Bias of {0}</source>
        <translation>{0} 的偏置</translation>
    </message>
    <message>
        <source>{0} · neuron {1} · parameter {2}</source>
        <translation>{0} · 神经元 {1} · 参数 {2}</translation>
    </message>
    <message>
        <source>Connection {0} → {1}</source>
        <translation>连接 {0} → {1}</translation>
    </message>
    <message>
        <source>weight from {0} into {1} · parameter {2}</source>
        <translation>从 {0} 到 {1} 的权重 · 参数 {2}</translation>
    </message>
    <message>
        <source>{0} = &lt;b&gt;{1}&lt;/b&gt;</source>
        <translation>{0} = &lt;b&gt;{1}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>bias b</source>
        <translation>偏置 b</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{2}&apos;&gt;gradient ∂L/∂{0} = {1}&lt;/span&gt; (over the training set)</source>
        <translation>&lt;span style=&apos;color:{2}&apos;&gt;梯度 ∂L/∂{0} = {1}&lt;/span&gt;（整个训练集上）</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{3}&apos;&gt;for sample {0}: w·{1} = {2}&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{3}&apos;&gt;样本 {0}：w·{1} = {2}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; (η = {1}, step t = {2:,})</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;（η = {1}，步数 t = {2:,}）</translation>
    </message>
    <message>
        <source>state for this parameter:</source>
        <translation>这个参数的状态：</translation>
    </message>
    <message>
        <source>no optimiser state yet — it starts at the first step</source>
        <translation>还没有优化器状态——从第一步开始才有</translation>
    </message>
    <message>
        <source>next full-batch step: Δθ = −η·g = −{0}·{1} = {2}</source>
        <translation>下一个全批量步：Δθ = −η·g = −{0}·{1} = {2}</translation>
    </message>
    <message>
        <source>Line fit y = wx + b</source>
        <translation>直线拟合 y = wx + b</translation>
    </message>
    <message>
        <source>Current network: two weights</source>
        <translation>当前网络：两个权重</translation>
    </message>
    <message>
        <source>Which loss surface to descend</source>
        <translation>在哪个损失曲面 (loss surface) 上下降</translation>
    </message>
    <message>
        <source>A parameter of the network, e.g. W1[0,1] or b2[0]</source>
        <translation>网络的一个参数，例如 W1[0,1] 或 b2[0]</translation>
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
        <translation>每次运行的梯度下降步数</translation>
    </message>
    <message>
        <source>Learning rates:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>Comma-separated learning rates (at most {n})</source>
        <translation>用逗号分隔的学习率（最多 {n} 个）</translation>
    </message>
    <message>
        <source>Optimisers:</source>
        <translation>优化器：</translation>
    </message>
    <message>
        <source>start</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Click to start the runs from another point</source>
        <translation>单击从另一个点开始运行</translation>
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
        <translation>正在计算曲面…</translation>
    </message>
    <message>
        <source>lr {lr} · {opt}</source>
        <translation>lr {lr} · {opt}</translation>
    </message>
    <message>
        <source>diverged at step {k}</source>
        <translation>在第 {k} 步发散</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#555&apos;&gt;colour = learning rate, dot shape = optimiser&lt;/span&gt;&lt;br&gt;</source>
        <translation>&lt;span style=&apos;color:#555&apos;&gt;颜色 = 学习率，点的形状 = 优化器&lt;/span&gt;&lt;br&gt;</translation>
    </message>
    <message>
        <source>Tick an optimiser to see the runs.</source>
        <translation>勾选一个优化器即可看到运行结果。</translation>
    </message>
    <message>
        <source>loss (log scale)</source>
        <translation>损失（对数刻度）</translation>
    </message>
    <message>
        <source>the line fit&apos;s loss (it is a quadratic bowl: the same everywhere)</source>
        <translation>直线拟合的损失（它是二次碗形：处处相同）</translation>
    </message>
    <message>
        <source>the loss at the start point</source>
        <translation>起点处的损失</translation>
    </message>
    <message>
        <source>Largest curvature λ&lt;sub&gt;max&lt;/sub&gt; = {lam} of {where}. Plain gradient descent (SGD) converges only for lr &amp;lt; 2/λ&lt;sub&gt;max&lt;/sub&gt; = {lim}: close below it the path zig-zags across the valley, above it the path flies off.</source>
        <translation>{where}的最大曲率 λ&lt;sub&gt;max&lt;/sub&gt; = {lam}。普通梯度下降 (SGD) 只在 lr &amp;lt; 2/λ&lt;sub&gt;max&lt;/sub&gt; = {lim} 时收敛：略低于此值时路径在山谷两侧来回曲折，高于此值时路径飞出。</translation>
    </message>
    <message>
        <source>The curvature at the start point is not positive: no learning rate limit can be read off it here.</source>
        <translation>起点处的曲率不为正：这里读不出学习率的上限。</translation>
    </message>
    <message>
        <source>&lt;i&gt;Click the surface to start elsewhere.&lt;/i&gt;</source>
        <translation>&lt;i&gt;单击曲面可从别处开始。&lt;/i&gt;</translation>
    </message>
    <message>
        <source>class {k}</source>
        <translation>类别 {k}</translation>
    </message>
    <message>
        <source>P({c})</source>
        <translation>P({c})</translation>
    </message>
    <message>
        <source>class 1</source>
        <translation>类别 1</translation>
    </message>
    <message>
        <source>In</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Hidden {l}</source>
        <translation>隐藏 {l}</translation>
    </message>
    <message>
        <source>Inputs: {names}</source>
        <translation>输入：{names}</translation>
    </message>
    <message>
        <source>Hidden layer {l}</source>
        <translation>隐藏层 {l}</translation>
    </message>
    <message>
        <source>{what}: {n} neurons, {fi} inputs each</source>
        <translation>{what}：{n} 个神经元，每个 {fi} 个输入</translation>
    </message>
    <message>
        <source>{p} parameters (weights W{l} and biases b{l})</source>
        <translation>{p} 个参数（权重 W{l} 和偏置 b{l}）</translation>
    </message>
    <message>
        <source>w = {w}   (from {a} to {b})</source>
        <translation>w = {w}   （从 {a} 到 {b}）</translation>
    </message>
    <message>
        <source>∂L/∂w = {g}</source>
        <translation>∂L/∂w = {g}</translation>
    </message>
    <message>
        <source>{w} — double-click to edit</source>
        <translation>{w} —— 双击可编辑</translation>
    </message>
    <message>
        <source>b = {b}   (bias of {n})</source>
        <translation>b = {b}   （{n} 的偏置）</translation>
    </message>
    <message>
        <source>∂L/∂b = {g}</source>
        <translation>∂L/∂b = {g}</translation>
    </message>
    <message>
        <source>{b} — double-click to edit</source>
        <translation>{b} —— 双击可编辑</translation>
    </message>
    <message>
        <source>{n} — input {j}: {f}</source>
        <translation>{n} —— 输入 {j}：{f}</translation>
    </message>
    <message>
        <source>value for the selected sample ({k}): {v}</source>
        <translation>所选样本（{k}）的值：{v}</translation>
    </message>
    <message>
        <source>output neuron {j}</source>
        <translation>输出神经元 {j}</translation>
    </message>
    <message>
        <source>hidden layer {l}, neuron {j}</source>
        <translation>隐藏层 {l}，神经元 {j}</translation>
    </message>
    <message>
        <source>z = Σ wᵢ·xᵢ + b   (over {n} inputs)</source>
        <translation>z = Σ wᵢ·xᵢ + b   （对 {n} 个输入求和）</translation>
    </message>
    <message>
        <source>{b} = {v}    ∂L/∂b = {g}</source>
        <translation>{b} = {v}    ∂L/∂b = {g}</translation>
    </message>
    <message>
        <source>selected sample ({k}): z = {z}, a = {a}</source>
        <translation>所选样本（{k}）：z = {z}，a = {a}</translation>
    </message>
    <message>
        <source>∂L/∂w</source>
        <translation>∂L/∂w</translation>
    </message>
    <message>
        <source>Colour the connections by the gradient of the loss (∂L/∂w over the training set) instead of the weights</source>
        <translation>按损失的梯度（整个训练集上的 ∂L/∂w）而不是权重给连接着色</translation>
    </message>
    <message>
        <source>Fit the whole network into the view (wheel zooms, drag pans)</source>
        <translation>让整个网络适应视图（滚轮缩放，拖动平移）</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>showing the {k:,} strongest of {n:,} connections</source>
        <translation>显示 {n:,} 条连接中最强的 {k:,} 条</translation>
    </message>
    <message>
        <source>{n:,} connections</source>
        <translation>{n:,} 条连接</translation>
    </message>
    <message>
        <source>{r}×{c} image</source>
        <translation>{r}×{c} 图像</translation>
    </message>
    <message>
        <source>the {n} pixel inputs drawn as one image; each hidden-1 neuron shows its {n} incoming weights as an image</source>
        <translation>{n} 个像素输入画成一幅图像；隐藏层 1 的每个神经元把它的 {n} 个输入权重画成一幅图像</translation>
    </message>
    <message>
        <source>zoom in for the weight images</source>
        <translation>放大可看权重图像</translation>
    </message>
    <message>
        <source>colour: activation for sample {k}</source>
        <translation>颜色：样本 {k} 的激活值</translation>
    </message>
    <message>
        <source>zoom in for neuron maps and biases</source>
        <translation>放大可看到神经元图和偏置</translation>
    </message>
    <message>
        <source>Speed: steps per second while playing</source>
        <translation>速度：播放时每秒的步数</translation>
    </message>
    <message>
        <source>{0} steps/s</source>
        <translation>{0} 步/秒</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Back to the start: nothing computed yet</source>
        <translation>回到开始：尚未计算任何值</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>后退</translation>
    </message>
    <message>
        <source>Undo the last step (←)</source>
        <translation>撤销上一步 (←)</translation>
    </message>
    <message>
        <source>Step automatically at the chosen speed</source>
        <translation>按所选速度自动单步</translation>
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
        <translation>跳到反向传播 (backpropagation) 的开始（前向传播已完成）</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Jump to the end: every value, gradient and update</source>
        <translation>跳到结束：所有的值、梯度和更新</translation>
    </message>
    <message>
        <source>Apply update</source>
        <translation>应用更新</translation>
    </message>
    <message>
        <source>Write w ← w − η·∂L/∂w for this one sample into the network (undoable), then step through the new weights</source>
        <translation>把这一个样本的 w ← w − η·∂L/∂w 写入网络（可撤销），然后逐步查看新的权重</translation>
    </message>
    <message>
        <source>Current network</source>
        <translation>当前网络</translation>
    </message>
    <message>
        <source>Expression…</source>
        <translation>表达式…</translation>
    </message>
    <message>
        <source>Example E1: (x+y)·z</source>
        <translation>示例 E1：(x+y)·z</translation>
    </message>
    <message>
        <source>Example E2: apples and oranges</source>
        <translation>示例 E2：苹果和橙子</translation>
    </message>
    <message>
        <source>Scalar</source>
        <translation>标量</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Which computation to step through</source>
        <translation>逐步演示哪一个计算</translation>
    </message>
    <message>
        <source>Nodes:</source>
        <translation>节点：</translation>
    </message>
    <message>
        <source>Scalar: every weight is a node (small networks). Layer: one node per matrix product, bias and activation. Auto picks scalar up to 200 parameters.</source>
        <translation>标量：每个权重是一个节点（小网络）。层：每个矩阵乘积、偏置和激活各一个节点。自动：200 个参数以内用标量。</translation>
    </message>
    <message>
        <source>Compact</source>
        <translation>紧凑</translation>
    </message>
    <message>
        <source>Fold each product w·x into the sum node it feeds</source>
        <translation>把每个乘积 w·x 并入它所输入的求和节点</translation>
    </message>
    <message>
        <source>Sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>The training sample that drives the pass (or click a point in the data view)</source>
        <translation>驱动这次传播的训练样本（也可在数据视图中单击一个点）</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Keep the current node in view while stepping</source>
        <translation>单步时让当前节点保持在视图中</translation>
    </message>
    <message>
        <source>Show the whole graph</source>
        <translation>显示整个计算图</translation>
    </message>
    <message>
        <source>f =</source>
        <translation>f =</translation>
    </message>
    <message>
        <source>A formula: + − * / ** @, exp, log, sqrt, sigmoid, tanh, relu, …; several lines as q = x + y; f = q * z</source>
        <translation>公式：+ − * / ** @、exp、log、sqrt、sigmoid、tanh、relu……；多行写成 q = x + y; f = q * z</translation>
    </message>
    <message>
        <source>with</source>
        <translation>其中</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>构建</translation>
    </message>
    <message>
        <source>not a formula</source>
        <translation>不是公式</translation>
    </message>
    <message>
        <source>Auto ({0})</source>
        <translation>自动（{0}）</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
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
        <translation>梯度下降让每个参数沿梯度的反方向移动步长 η = {0}。“应用更新”把这些新值写入网络。</translation>
    </message>
    <message>
        <source>Nothing to step through.</source>
        <translation>没有可逐步演示的内容。</translation>
    </message>
    <message>
        <source>Ready: press → (Step) to compute the first value of the forward pass.</source>
        <translation>准备就绪：按 →（单步）计算前向传播的第一个值。</translation>
    </message>
    <message>
        <source>Forward: computing {0}</source>
        <translation>前向：计算 {0}</translation>
    </message>
    <message>
        <source>Update: {0} ← {0} − η·∂{1}/∂{0}</source>
        <translation>更新：{0} ← {0} − η·∂{1}/∂{0}</translation>
    </message>
    <message>
        <source>Backward starts at the output: ∂{0}/∂{0} = 1</source>
        <translation>反向从输出开始：∂{0}/∂{0} = 1</translation>
    </message>
    <message>
        <source>Backward: {0} feeds {1} nodes, so its gradient is the sum of what flows back from each</source>
        <translation>反向：{0} 输入到 {1} 个节点，所以它的梯度是从每个节点传回的梯度之和</translation>
    </message>
    <message>
        <source>Backward: part of the gradient flows from {0} into {1}</source>
        <translation>反向：一部分梯度从 {0} 流入 {1}</translation>
    </message>
    <message>
        <source>Backward: gradient flows from {0} into {1}</source>
        <translation>反向：梯度从 {0} 流入 {1}</translation>
    </message>
    <message>
        <source>sample {0}: x = ({1}), y = {2}</source>
        <translation>样本 {0}：x = ({1})，y = {2}</translation>
    </message>
    <message>
        <source>loss: {0} · η = {1}</source>
        <translation>损失：{0} · η = {1}</translation>
    </message>
    <message>
        <source>Two weights</source>
        <translation>两个权重</translation>
    </message>
    <message>
        <source>Random (filter-normalised)</source>
        <translation>随机（滤波器归一化）</translation>
    </message>
    <message>
        <source>PCA of the path</source>
        <translation>路径的主成分分析 (PCA)</translation>
    </message>
    <message>
        <source>Which plane through parameter space to show</source>
        <translation>显示参数空间中的哪个平面</translation>
    </message>
    <message>
        <source>Parameter on the {axis} axis: type a name such as w1[1→2] or b2[1], or click an edge in the network view</source>
        <translation>{axis}轴上的参数：输入名称，如 w1[1→2] 或 b2[1]，或在网络视图中单击一条连接</translation>
    </message>
    <message>
        <source>horizontal</source>
        <translation>横</translation>
    </message>
    <message>
        <source>vertical</source>
        <translation>纵</translation>
    </message>
    <message>
        <source>seed </source>
        <translation>种子 </translation>
    </message>
    <message>
        <source>Another seed gives another pair of random directions</source>
        <translation>换一个种子，得到另一对随机方向</translation>
    </message>
    <message>
        <source>Share of the path&apos;s squared distance from the current point that each axis keeps</source>
        <translation>每个轴保留的路径到当前点的平方距离所占比例</translation>
    </message>
    <message>
        <source>grid </source>
        <translation>网格 </translation>
    </message>
    <message>
        <source>Points per axis (more is finer and slower)</source>
        <translation>每个轴的点数（越多越精细，也越慢）</translation>
    </message>
    <message>
        <source>range auto</source>
        <translation>范围 自动</translation>
    </message>
    <message>
        <source>range ±</source>
        <translation>范围 ±</translation>
    </message>
    <message>
        <source>Half-width of the box around the current point (auto: big enough for the whole path)</source>
        <translation>当前点周围区域的半宽（自动：足以容纳整条路径）</translation>
    </message>
    <message>
        <source>Recompute</source>
        <translation>重新计算</translation>
    </message>
    <message>
        <source>Compute the surface around the current point</source>
        <translation>计算当前点周围的曲面</translation>
    </message>
    <message>
        <source>log colours</source>
        <translation>对数着色</translation>
    </message>
    <message>
        <source>Colour by log₁₀ of the loss (shows the valley floor)</source>
        <translation>按损失的 log₁₀ 着色（显示谷底）</translation>
    </message>
    <message>
        <source>−gradient arrow</source>
        <translation>负梯度箭头</translation>
    </message>
    <message>
        <source>Arrow: the negative gradient at the current point, projected into the plane (direction only)</source>
        <translation>箭头：当前点的负梯度在平面上的投影（只表示方向）</translation>
    </message>
    <message>
        <source>follow training</source>
        <translation>跟随训练</translation>
    </message>
    <message>
        <source>Recompute the surface when training has moved far from it (at most every 2 s)</source>
        <translation>训练离开曲面较远时重新计算（最多每 2 秒一次）</translation>
    </message>
    <message>
        <source>true vs plane</source>
        <translation>真实值与平面</translation>
    </message>
    <message>
        <source>Below the surface: the true loss along the path beside the loss this plane shows there</source>
        <translation>曲面下方：沿路径的真实损失，旁边是这个平面在该处显示的损失</translation>
    </message>
    <message>
        <source>Click a point of the surface to move the network there (Ctrl+Z undoes)</source>
        <translation>单击曲面上的一点，把网络移到那里（Ctrl+Z 撤销）</translation>
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
        <translation>停止计算曲面</translation>
    </message>
    <message>
        <source>Click two edges or biases in the network view, or type their names</source>
        <translation>在网络视图中单击两条连接或两个偏置，或输入它们的名称</translation>
    </message>
    <message>
        <source>explained variance: compute to see</source>
        <translation>解释方差：计算后可见</translation>
    </message>
    <message>
        <source>Cancelled: {p} % of the surface computed</source>
        <translation>已取消：曲面计算了 {p} %</translation>
    </message>
    <message>
        <source>Lowest loss on this slice {lo} at ({a}, {b}); {n}×{n} grid</source>
        <translation>此切面上的最低损失 {lo}，位于 ({a}, {b})；{n}×{n} 网格</translation>
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
        <translation>平面与真实损失：最大差距 {gap}（{pct} %），在第 {step} 步</translation>
    </message>
    <message>
        <source>Move to ({a}, {b}) on the loss surface</source>
        <translation>移到损失曲面上的 ({a}, {b})</translation>
    </message>
    <message>
        <source>Moved the network to ({a}, {b}); Ctrl+Z goes back</source>
        <translation>已把网络移到 ({a}, {b})；Ctrl+Z 可返回</translation>
    </message>
    <message>
        <source>3-D view unavailable: PyOpenGL is not installed (pip install nnviz[3d]); {0}</source>
        <translation>三维视图不可用：未安装 PyOpenGL (pip install nnviz[3d])；{0}</translation>
    </message>
    <message>
        <source>3-D view unavailable: no OpenGL context on the &apos;{0}&apos; display</source>
        <translation>三维视图不可用：“{0}”显示上没有 OpenGL 上下文</translation>
    </message>
    <message>
        <source>log height</source>
        <translation>对数高度</translation>
    </message>
    <message>
        <source>Height is log₁₀ of the loss (shows the valley floor)</source>
        <translation>高度取损失的 log₁₀（显示谷底）</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>重置视角</translation>
    </message>
    <message>
        <source>Look at the bowl from the default angle (drag to rotate, wheel to zoom)</source>
        <translation>从默认角度观察碗形（拖动旋转，滚轮缩放）</translation>
    </message>
    <message>
        <source>Lab: the line fit y = w·x + b; loss over (w, b), every run from A</source>
        <translation>实验室：直线拟合 y = w·x + b；(w, b) 上的损失，每次运行都从 A 出发</translation>
    </message>
    <message>
        <source>Lab: loss over {0} and {1}, every run from A</source>
        <translation>实验室：{0} 与 {1} 上的损失，每次运行都从 A 出发</translation>
    </message>
    <message>
        <source>Landscape: no surface yet — compute it in the 2-D view</source>
        <translation>地形：还没有曲面——请在二维视图中计算</translation>
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
        <translation>地形：{0} 与 {1} 上的损失，以及 θ 走过的路径</translation>
    </message>
    <message>
        <source>loss (up to {0})</source>
        <translation>损失（最高 {0}）</translation>
    </message>
    <message>
        <source>loss {v}</source>
        <translation>损失 {v}</translation>
    </message>
    <message>
        <source>now</source>
        <translation>当前</translation>
    </message>
    <message>
        <source>−∇L in the plane: ({a}, {b})</source>
        <translation>平面内的 −∇L：({a}, {b})</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Backprop</source>
        <translation>反向传播</translation>
    </message>
    <message>
        <source>Landscape</source>
        <translation>地形</translation>
    </message>
    <message>
        <source>Lab</source>
        <translation>实验室</translation>
    </message>
    <message>
        <source>{0} workspace (Ctrl+{1})</source>
        <translation>{0}工作区 (Ctrl+{1})</translation>
    </message>
    <message>
        <source>Cannot open file</source>
        <translation>无法打开文件</translation>
    </message>
    <message>
        <source>{file}: {error}

The default session was opened instead.</source>
        <translation>{file}：{error}

已改为打开默认会话。</translation>
    </message>
    <message>
        <source>▶ Replay</source>
        <translation>▶ 回放</translation>
    </message>
    <message>
        <source>Play the recorded training back at the chosen speed, without training again</source>
        <translation>按所选速度回放记录的训练过程，不重新训练</translation>
    </message>
    <message>
        <source>Continue from here</source>
        <translation>从这里继续</translation>
    </message>
    <message>
        <source>Make the epoch you are looking at the present: later epochs are dropped (Ctrl+Z undoes)</source>
        <translation>把正在查看的这一轮设为当前状态：之后的轮次会被丢弃（Ctrl+Z 可撤销）</translation>
    </message>
    <message>
        <source>Back to now</source>
        <translation>回到当前</translation>
    </message>
    <message>
        <source>Show the latest epoch again</source>
        <translation>重新显示最新一轮</translation>
    </message>
    <message>
        <source>Epoch {0:,} of {1:,}</source>
        <translation>第 {0:,} 轮，共 {1:,} 轮</translation>
    </message>
    <message>
        <source>Epoch {0:,} (now)</source>
        <translation>第 {0:,} 轮（当前）</translation>
    </message>
    <message>
        <source>Best test epoch: {e}; the test loss has risen since</source>
        <translation>测试最佳的一轮：第 {e} 轮；此后测试损失一直上升</translation>
    </message>
    <message>
        <source>(the first factor already sums several paths)</source>
        <translation>（第一个因子已经是多条路径之和）</translation>
    </message>
    <message>
        <source>Chain rule, from the output down:</source>
        <translation>链式法则，从输出往下：</translation>
    </message>
    <message>
        <source>Fix the formula or the values and press Build.</source>
        <translation>请修正公式或数值，然后按“构建”。</translation>
    </message>
    <message>
        <source>Next: {0}</source>
        <translation>下一步：{0}</translation>
    </message>
    <message>
        <source>Not built:</source>
        <translation>未构建：</translation>
    </message>
    <message>
        <source>gradient ∂{0}/∂node (below)</source>
        <translation>梯度 ∂{0}/∂节点（下方）</translation>
    </message>
    <message>
        <source>layer {l}</source>
        <translation>第 {l} 层</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>负</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>正</translation>
    </message>
    <message>
        <source>value (above a node)</source>
        <translation>值（节点上方）</translation>
    </message>
    <message>
        <source>your prediction, e.g. -4 or 0.2</source>
        <translation>你的预测，例如 -4 或 0.2</translation>
    </message>
    <message>
        <source>Reveal</source>
        <translation>揭晓</translation>
    </message>
    <message>
        <source>Show the value the engine computed, and why</source>
        <translation>显示引擎算出的值及原因</translation>
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
        <translation>从头开始</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>离开</translation>
    </message>
    <message>
        <source>Leave the lesson and get your own session back</source>
        <translation>离开本课，回到你自己的会话</translation>
    </message>
    <message>
        <source>No lesson open</source>
        <translation>没有打开的课程</translation>
    </message>
    <message>
        <source>Help ▸ Lessons lists them all.</source>
        <translation>“帮助 ▸ 课程”列出了所有课程。</translation>
    </message>
    <message>
        <source>Step {0} of {1}</source>
        <translation>第 {0} / {1} 步</translation>
    </message>
    <message>
        <source>✓ Right.</source>
        <translation>✓ 正确。</translation>
    </message>
    <message>
        <source>✗ Not quite.</source>
        <translation>✗ 不太对。</translation>
    </message>
    <message>
        <source>Revealed.</source>
        <translation>已揭晓。</translation>
    </message>
    <message>
        <source>{0} The engine computes: {1}
{2}</source>
        <translation>{0}引擎算出：{1}
{2}</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Cannot open lesson</source>
        <translation>无法打开课程</translation>
    </message>
    <message>
        <source>Lesson: {0}</source>
        <translation>课程：{0}</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>Open &amp;lesson…</source>
        <translation>打开课程(&amp;L)…</translation>
    </message>
    <message>
        <source>Open a lesson file (TOML), e.g. one a teacher wrote</source>
        <translation>打开课程文件 (TOML)，例如老师编写的课程</translation>
    </message>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>Leave lesson</source>
        <translation>离开课程</translation>
    </message>
    <message>
        <source>Digits: predictions and confusion matrix</source>
        <translation>手写数字：预测与混淆矩阵</translation>
    </message>
    <message>
        <source>&amp;3-D loss surface</source>
        <translation>三维损失曲面(&amp;3)</translation>
    </message>
    <message>
        <source>Show the loss surface as a bowl to rotate, with the descent path on it (Landscape and Lab)</source>
        <translation>把损失曲面显示为可旋转的碗，并画出下降路径（地形与实验室）</translation>
    </message>
    <message>
        <source>3-D</source>
        <translation>三维</translation>
    </message>
    <message>
        <source>Loss surface in 3-D</source>
        <translation>三维损失曲面</translation>
    </message>
    <message>
        <source>Test images</source>
        <translation>测试集图像</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>训练集图像</translation>
    </message>
    <message>
        <source>All images</source>
        <translation>全部图像</translation>
    </message>
    <message>
        <source>true {t}, predicted {p}: {n} images (click to show them)</source>
        <translation>真实 {t}，预测 {p}：{n} 幅图像（单击显示它们）</translation>
    </message>
    <message>
        <source>predicted →</source>
        <translation>预测 →</translation>
    </message>
    <message>
        <source>true →</source>
        <translation>真实 →</translation>
    </message>
    <message>
        <source>Which images the gallery and the matrix count</source>
        <translation>图库和矩阵统计哪些图像</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Show every image again (not only one cell of the matrix)</source>
        <translation>重新显示所有图像（而不只是矩阵的一格）</translation>
    </message>
    <message>
        <source>Gallery</source>
        <translation>图库</translation>
    </message>
    <message>
        <source>Confusion matrix</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>The images with their label and the network&apos;s prediction, mistakes first</source>
        <translation>图像及其标签和网络的预测，错误的排在前面</translation>
    </message>
    <message>
        <source>How often each true digit (row) was predicted as each digit (column); the diagonal is right</source>
        <translation>每个真实数字（行）被预测为各个数字（列）的次数；对角线是预测正确的</translation>
    </message>
    <message>
        <source>Not an image data set</source>
        <translation>不是图像数据集</translation>
    </message>
    <message>
        <source>test images</source>
        <translation>幅测试集图像</translation>
    </message>
    <message>
        <source>training images</source>
        <translation>幅训练集图像</translation>
    </message>
    <message>
        <source>images</source>
        <translation>幅图像</translation>
    </message>
    <message>
        <source>{w} of {n} {what} wrong ({acc:.1f} % right)</source>
        <translation>{n} {what}中错了 {w} 幅（正确 {acc:.1f} %）</translation>
    </message>
    <message>
        <source>true {t}, predicted {p}: {k} images</source>
        <translation>真实 {t}，预测 {p}：{k} 幅图像</translation>
    </message>
    <message>
        <source>A neuron has a bias (and, with PReLU, a slope): pick which one to check</source>
        <translation>神经元有一个偏置（PReLU 还有一个斜率）：选择要检验哪一个</translation>
    </message>
    <message>
        <source>backprop ∂L/∂w</source>
        <translation>反向传播 ∂L/∂w</translation>
    </message>
    <message>
        <source>centred difference</source>
        <translation>中心差分</translation>
    </message>
    <message>
        <source>relative error</source>
        <translation>相对误差</translation>
    </message>
    <message>
        <source>h</source>
        <translation>h</translation>
    </message>
    <message>
        <source>The step of the centred difference (E5 uses 1e-4): too big and the curve&apos;s bend shows, too small and rounding does</source>
        <translation>中心差分的步长（E5 用 1e-4）：太大会显出曲线的弯曲，太小会显出舍入误差</translation>
    </message>
    <message>
        <source>nudge ε</source>
        <translation>微调 ε</translation>
    </message>
    <message>
        <source>Move the weight by ε (on a copy) and compare the change of the loss with the gradient&apos;s prediction</source>
        <translation>把权重移动 ε（在副本上），比较损失的变化与梯度的预测</translation>
    </message>
    <message>
        <source>Check all</source>
        <translation>全部检验</translation>
    </message>
    <message>
        <source>Check every parameter (E4) and report the worst relative error</source>
        <translation>检验每个参数（E4），报告最大的相对误差</translation>
    </message>
    <message>
        <source>Show worst</source>
        <translation>显示最差</translation>
    </message>
    <message>
        <source>Select the parameter with the largest relative error</source>
        <translation>选中相对误差最大的参数</translation>
    </message>
    <message>
        <source>Select an edge, a bias or a neuron in the network to check its gradient</source>
        <translation>在网络中选中一条连接、一个偏置或一个神经元，以检验其梯度</translation>
    </message>
    <message>
        <source>(L(w+h) − L(w−h)) / 2h = ({fp} − {fm}) / {h2}</source>
        <translation>(L(w+h) − L(w−h)) / 2h = ({fp} − {fm}) / {h2}</translation>
    </message>
    <message>
        <source>✓ passes: under {tol:g} (E5)</source>
        <translation>✓ 通过：小于 {tol:g}（E5）</translation>
    </message>
    <message>
        <source>✗ fails: not under {tol:g} (E5)</source>
        <translation>✗ 未通过：不小于 {tol:g}（E5）</translation>
    </message>
    <message>
        <source>w → w + {eps}: predicted ΔL ≈ g·ε = {pred}; real ΔL = {real}</source>
        <translation>w → w + {eps}：预测 ΔL ≈ g·ε = {pred}；实际 ΔL = {real}</translation>
    </message>
    <message>
        <source>Checking {n} parameters…</source>
        <translation>正在检验 {n} 个参数…</translation>
    </message>
    <message>
        <source>No parameters to check</source>
        <translation>没有可检验的参数</translation>
    </message>
    <message>
        <source>{done} of {n} checked; worst so far {label}: {err}</source>
        <translation>已检验 {n} 个中的 {done} 个；目前最差 {label}：{err}</translation>
    </message>
    <message>
        <source>All {n} pass; worst {label}: {err}</source>
        <translation>全部 {n} 个通过；最差 {label}：{err}</translation>
    </message>
    <message>
        <source>{bad} of {n} fail; worst {label}: {err}; first failing {first}</source>
        <translation>{n} 个中 {bad} 个未通过；最差 {label}：{err}；第一个未通过的是 {first}</translation>
    </message>
    <message>
        <source>Parameter &lt;b&gt;{label}&lt;/b&gt;</source>
        <translation>参数 &lt;b&gt;{label}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>{k} of {n} in layer {l}</source>
        <translation>第 {l} 层 {n} 个神经元中的 {k} 个</translation>
    </message>
    <message>
        <source>Dead ReLU units: {units} never activate on the training set, so they stopped learning.</source>
        <translation>ReLU 神经元死亡：{units}在整个训练集上从不激活，因此不再学习。</translation>
    </message>
    <message>
        <source>Try a smaller learning rate, He initialisation or leaky ReLU.</source>
        <translation>试试更小的学习率、He 初始化或 Leaky ReLU。</translation>
    </message>
    <message>
        <source>Saturated units: {units} sit in the flat tails of tanh or sigmoid for most samples, so almost no gradient passes through them.</source>
        <translation>神经元饱和：{units}对大多数样本都处在 tanh 或 sigmoid 平坦的两端，几乎没有梯度能穿过它们。</translation>
    </message>
    <message>
        <source>Try smaller initial weights (Xavier or ×0.1), a smaller learning rate, or ReLU.</source>
        <translation>试试更小的初始权重（Xavier 或 ×0.1）、更小的学习率，或者 ReLU。</translation>
    </message>
    <message>
        <source>Vanishing gradients: layer 1&apos;s gradient is {ratio}× smaller than the last layer&apos;s, so the first layers barely learn.</source>
        <translation>梯度消失：第 1 层的梯度比最后一层小 {ratio} 倍，前面几层几乎学不到东西。</translation>
    </message>
    <message>
        <source>Vanishing gradients: layer 1 gets no gradient at all, so it cannot learn.</source>
        <translation>梯度消失：第 1 层完全得不到梯度，因此无法学习。</translation>
    </message>
    <message>
        <source>Try ReLU instead of sigmoid or tanh, Xavier or He initialisation, or fewer layers.</source>
        <translation>试试用 ReLU 代替 sigmoid 或 tanh、Xavier 或 He 初始化，或者减少层数。</translation>
    </message>
    <message>
        <source>Exploding gradients: the gradient norm of layer {l} is {value}, so the steps are far too big.</source>
        <translation>梯度爆炸：第 {l} 层的梯度范数是 {value}，每一步都迈得太大了。</translation>
    </message>
    <message>
        <source>Try a smaller learning rate or smaller initial weights.</source>
        <translation>试试更小的学习率或更小的初始权重。</translation>
    </message>
    <message>
        <source>Learning-rate trouble: since epoch {e} the loss jumps up and down without getting lower.</source>
        <translation>学习率有问题：从第 {e} 轮起，损失上下跳动，却不下降。</translation>
    </message>
    <message>
        <source>Lower the learning rate by 10×.</source>
        <translation>把学习率降低到原来的十分之一。</translation>
    </message>
    <message>
        <source>Learning-rate trouble: since epoch {e} the loss is stuck far above what guessing the average gives.</source>
        <translation>学习率有问题：从第 {e} 轮起，损失一直停在远高于“只猜平均值”的水平。</translation>
    </message>
    <message>
        <source>Overfitting: the test loss has risen since epoch {e} while the training loss kept falling.</source>
        <translation>过拟合：从第 {e} 轮起测试损失在上升，而训练损失仍在下降。</translation>
    </message>
    <message>
        <source>Stop near epoch {e}, add L2 regularisation, use more data or a smaller network.</source>
        <translation>在第 {e} 轮附近停止，加入 L2 正则化，使用更多数据或更小的网络。</translation>
    </message>
    <message>
        <source>Gradient norm (log scale):</source>
        <translation>梯度范数（对数刻度）：</translation>
    </message>
    <message>
        <source>No health problems found.</source>
        <translation>没有发现训练健康问题。</translation>
    </message>
    <message>
        <source>Best test epoch: {e}</source>
        <translation>测试最佳的一轮：第 {e} 轮</translation>
    </message>
    <message>
        <source>true loss</source>
        <translation>真实损失</translation>
    </message>
    <message>
        <source>the plane&apos;s loss</source>
        <translation>平面上的损失</translation>
    </message>
</context>
<context>
    <name>nnviz</name>
    <message>
        <source>Type a number, Enter to set it, Esc to cancel</source>
        <translation>输入一个数，按 Enter 设定，按 Esc 取消</translation>
    </message>
</context>
</TS>
