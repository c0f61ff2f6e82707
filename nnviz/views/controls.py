"""The Controls panel: data set, input features, architecture, training
settings and the transport (play, step, reset).

Every change goes through ``session.set(...)`` so it is undoable; the panel
listens to the session and writes the values back into its widgets whenever
they change elsewhere (undo, a file, a lesson) without calling ``set`` again.
The training loop itself lives in the main window: this panel only toggles
``session.play()`` / ``session.pause()`` and offers a speed value.

Why it is longer than ~600 lines: four forms (data, features, network,
training) with their refresh and locking; the widgets (control_widgets) and
the transport (transport) are already apart.
"""
from __future__ import annotations

import functools

from PySide6.QtCore import QPoint, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from core.activations import ACTIVATIONS
from core.data import DATASET_NAMES, FEATURE_NAMES, FEATURES
from core.errors import NNVizError
from core.limits import LIMITS
from core.network import INIT_NAMES
from core.optim import FORMULAS, OPTIMIZER_NAMES
from core.session import MAX_HIDDEN_LAYERS

from ..i18n import QT_TR_NOOP, tr
from ..i18n_messages import translate_message
from ..theme import css
from .control_widgets import (  # noqa: F401  (re-exported: tests and older imports)
    ACTIVATION_LABELS,
    ERROR_RGB,
    SPEED_POSITIONS,
    LayerRow,
    NumberCombo,
    WheelGuard,
    double_spin,
    parse_number,
    plain_number,
    speed_at,
    speed_position,
)
from .transport import TransportMixin

# Labels for people; the keys are core's names.
DATASET_LABELS = {
    "moons": QT_TR_NOOP("Two moons"),
    "circles": QT_TR_NOOP("Circles"),
    "xor": "XOR",
    "gaussians": QT_TR_NOOP("Gaussian blobs"),
    "spiral": QT_TR_NOOP("Spiral"),
    "iris": QT_TR_NOOP("Iris (4 features, 3 classes)"),
    "digits": QT_TR_NOOP("Digits (8×8 images)"),
    "line": QT_TR_NOOP("Line y = wx + b"),
    "circle_area": QT_TR_NOOP("Circle area y = πr²"),
    "plane": QT_TR_NOOP("Plane"),
    "sine": QT_TR_NOOP("Sine"),
    "custom": QT_TR_NOOP("Custom points"),
    "csv": "CSV",
}
MULTI_CLASS = ("gaussians", "spiral")
FIXED_SIZE = ("iris", "digits")  # a real data set: its sample count is fixed
NO_NOISE = ("digits",)            # images stay as they are: no noise added
NOT_GENERATED = ("custom", "csv")  # no generator behind them: no noise, seed …

LOSS_LABELS = {
    "mse": QT_TR_NOOP("mean squared error"),
    "binary_cross_entropy": QT_TR_NOOP("binary cross-entropy"),
    "cross_entropy": QT_TR_NOOP("cross-entropy"),
}
INIT_LABELS = {"small": QT_TR_NOOP("Small N(0,1)·0.1"), "xavier": "Xavier", "he": "He",
               "uniform": QT_TR_NOOP("Uniform ±0.5"), "zeros": QT_TR_NOOP("Zeros")}
INIT_TIPS = {
    "small": QT_TR_NOOP("W, b ~ N(0, 1)·0.1 — small random values, as in the tutorial; "
                        "they keep sigmoid and tanh out of their flat tails"),
    "xavier": QT_TR_NOOP("W ~ N(0, 2/(fan_in + fan_out)), b = 0 — Glorot's rule, good for "
                         "tanh"),
    "he": QT_TR_NOOP("W ~ N(0, 2/fan_in), b = 0 — He's rule, good for ReLU"),
    "uniform": "W, b ~ U(−0.5, 0.5)",
    "zeros": QT_TR_NOOP("W = b = 0 — every unit in a layer stays identical forever: "
                        "symmetry never breaks"),
}
OPTIMIZER_LABELS = {"sgd": "SGD", "momentum": QT_TR_NOOP("Momentum"), "nesterov": "Nesterov",
                    "adagrad": "AdaGrad", "rmsprop": "RMSProp", "adam": "Adam"}
LR_PRESETS = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 100)
REG_PRESETS = (0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)
REG_MODES = ("none", "l1", "l2")




def optimizer_formula(name) -> str:
    """core.optim.FORMULAS[name] for the screen. The hats of m̂ and v̂ are
    combining characters that many fonts drop or misplace: write m′, v′."""
    f = FORMULAS.get(name, "")
    if "\u0302" in f:
        f = f.replace("m\u0302", "m′").replace("v\u0302", "v′")
        f += tr("   (m′, v′: bias-corrected)")
    return f


class ControlPanel(TransportMixin, QWidget):
    """Settings and transport for a :class:`core.session.Session`.

    ``actions`` holds the transport as QActions ("play", "step", "step_epoch",
    "reset") for the main window's menus and shortcuts. ``speed()`` is the
    fraction (0.01–1.0) of each frame the main window should spend training;
    ``speedChanged(float)`` tells it when that changes.
    """
    speedChanged = Signal(float)
    statusChanged = Signal(str)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("nnviz-controls")
        self._refreshing = False
        self._rows: list[LayerRow] = []
        self._lock_map: dict[str, list[QWidget]] = {}
        self._stats_text = None
        self._stats_time = 0.0
        self._stats_rgb = None
        self._base_enabled: dict[QWidget, bool] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 6, 6)
        outer.setSpacing(6)
        self._build_actions()
        outer.addLayout(self._build_transport())
        outer.addWidget(self._build_stats())
        self.lock_note = QLabel(tr("Greyed-out settings are fixed by this lesson"))
        self.lock_note.setWordWrap(True)
        self.lock_note.setStyleSheet("color: rgb(100,100,100);")
        self.lock_note.hide()
        outer.addWidget(self.lock_note)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("nnviz-controls-body")
        col = QVBoxLayout(body)
        col.setContentsMargins(0, 0, 4, 0)
        col.setSpacing(8)
        col.addWidget(self._build_data())
        col.addWidget(self._build_features())
        col.addWidget(self._build_network())
        col.addWidget(self._build_training())
        col.addStretch(1)
        self.scroll.setWidget(body)
        # never narrower than its content: the horizontal scroll bar is off,
        # so a narrower column would cut the boxes off
        self.scroll.setMinimumWidth(body.minimumSizeHint().width()
                                    + self.scroll.verticalScrollBar().sizeHint().width())
        outer.addWidget(self.scroll, 1)
        # Scrolling the panel must not change a combo or spin box under the mouse.
        self._wheel_guard = WheelGuard(self.scroll.verticalScrollBar(), self)
        for w in body.findChildren(QWidget):
            if isinstance(w, (QComboBox, QSpinBox, QDoubleSpinBox)):
                self._guard(w)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.status.hide()
        outer.addWidget(self.status)

        self._subs = [("settings", self._on_structure), ("network", self._on_structure),
                      ("data", self._on_structure), ("training", self._on_training),
                      ("params", self._on_params)]
        for name, fn in self._subs:
            session.events.connect(name, fn)
        self.destroyed.connect(functools.partial(_unsubscribe, session.events, self._subs))
        self.refresh()

    # -- building --------------------------------------------------------------
    def _lock(self, field, *widgets):
        self._lock_map.setdefault(field, []).extend(widgets)

    @staticmethod
    def _form(group):
        form = QFormLayout(group)
        form.setContentsMargins(8, 6, 8, 8)
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(5)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignLeft | Qt.AlignVCenter)
        return form

    @staticmethod
    def _spin(lo, hi, tip, suffix=""):
        sp = QSpinBox()
        sp.setRange(lo, hi)
        sp.setKeyboardTracking(False)    # commit on Enter / focus out, not each key
        sp.setToolTip(tip)
        if suffix:
            sp.setSuffix(suffix)
        return sp

    def _build_data(self):
        g = QGroupBox(tr("Data"))
        form = self._form(g)
        self.dataset_combo = QComboBox()
        for name in DATASET_NAMES:
            self.dataset_combo.addItem(tr(DATASET_LABELS.get(name, name)), name)
        self.dataset_combo.setToolTip(tr("The points the network learns from"))
        self.dataset_combo.currentIndexChanged.connect(self._on_dataset)
        form.addRow(tr("Data set"), self.dataset_combo)
        self._lock("dataset", self.dataset_combo)

        self.classes_spin = self._spin(2, int(LIMITS["classes"].hi),
                                       tr("Number of classes (Gaussian blobs and "
                                          "Spiral only)"))
        self.classes_spin.valueChanged.connect(lambda v: self._apply(self.classes_spin,
                                                                     classes=int(v)))
        form.addRow(tr("Classes"), self.classes_spin)
        self._lock("classes", self.classes_spin)

        self.noise_spin = double_spin(0.0, 10.0, 0.05, 2,
                                      tr("Standard deviation of the noise added to the points"))
        self.noise_spin.valueChanged.connect(lambda v: self._apply(self.noise_spin,
                                                                   noise=round(float(v), 4)))
        form.addRow(tr("Noise"), self.noise_spin)
        self._lock("noise", self.noise_spin)

        self.samples_spin = self._spin(1, int(LIMITS["samples"].hi),
                                       tr("How many points to generate"))
        self.samples_spin.setSingleStep(50)
        self.samples_spin.valueChanged.connect(lambda v: self._apply(self.samples_spin,
                                                                     samples=int(v)))
        form.addRow(tr("Samples"), self.samples_spin)
        self._lock("samples", self.samples_spin)

        self.test_spin = self._spin(0, 90, tr("Share of the points held out as the test "
                                              "set (never trained on)"), " %")
        self.test_spin.setSingleStep(5)
        self.test_spin.valueChanged.connect(
            lambda v: self._apply(self.test_spin, test_fraction=round(v / 100.0, 4)))
        form.addRow(tr("Test share"), self.test_spin)
        self._lock("test_fraction", self.test_spin)

        seed_row = QHBoxLayout()
        seed_row.setSpacing(4)
        self.data_seed_spin = self._spin(0, 2**31 - 1, tr("Seed of the data generator: the "
                                                          "same seed gives the same points"))
        self.data_seed_spin.valueChanged.connect(
            lambda v: self._apply(self.data_seed_spin, data_seed=int(v)))
        self.regenerate_button = QPushButton(tr("Regenerate"))
        self.regenerate_button.setToolTip(tr("A fresh sample of the same data set "
                                             "(next data seed)"))
        self.regenerate_button.clicked.connect(self._on_regenerate)
        seed_row.addWidget(self.data_seed_spin, 1)
        seed_row.addWidget(self.regenerate_button)
        form.addRow(tr("Data seed"), seed_row)
        self._lock("data_seed", self.data_seed_spin, self.regenerate_button)
        return g

    def _build_features(self):
        g = QGroupBox(tr("Features"))
        lay = QVBoxLayout(g)
        lay.setContentsMargins(8, 6, 8, 8)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(4)
        self.feature_checks = {}
        for k, name in enumerate(FEATURE_NAMES):
            cb = QCheckBox(FEATURES[name][0])
            cb.setToolTip(tr("Feed {0} to the network as an input").format(FEATURES[name][0]))
            cb.toggled.connect(functools.partial(self._on_feature, name))
            grid.addWidget(cb, k // 4, k % 4)
            self.feature_checks[name] = cb
        lay.addLayout(grid)
        self.features_note = QLabel()
        self.features_note.setWordWrap(True)
        self.features_note.setStyleSheet("color: rgb(100,100,100);")
        lay.addWidget(self.features_note)
        self._lock("features", *self.feature_checks.values())
        return g

    def _build_network(self):
        g = QGroupBox(tr("Network"))
        lay = QVBoxLayout(g)
        lay.setContentsMargins(8, 6, 8, 8)
        lay.setSpacing(5)
        self.inputs_label = QLabel()
        self.inputs_label.setWordWrap(True)
        lay.addWidget(self.inputs_label)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(4)
        lay.addLayout(self.rows_box)
        self.no_hidden_label = QLabel(tr("No hidden layer: the inputs feed the output "
                                         "directly (logistic / linear regression)"))
        self.no_hidden_label.setWordWrap(True)
        self.no_hidden_label.setStyleSheet("color: rgb(100,100,100);")
        lay.addWidget(self.no_hidden_label)
        self.add_layer_button = QPushButton(tr("+  Add layer"))
        self.add_layer_button.setToolTip(tr("Add a hidden layer (at most {0})")
                                         .format(MAX_HIDDEN_LAYERS))
        self.add_layer_button.clicked.connect(self._on_add_layer)
        lay.addWidget(self.add_layer_button)
        self.output_label = QLabel()
        self.output_label.setWordWrap(True)
        lay.addWidget(self.output_label)
        self.params_label = QLabel()
        lay.addWidget(self.params_label)
        self._lock("hidden", self.add_layer_button)

        form = QFormLayout()
        form.setHorizontalSpacing(8)
        form.setVerticalSpacing(5)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        self.init_combo = QComboBox()
        for name in INIT_NAMES:
            self.init_combo.addItem(tr(INIT_LABELS.get(name, name)), name)
            self.init_combo.setItemData(self.init_combo.count() - 1, tr(INIT_TIPS[name]),
                                        Qt.ToolTipRole)
        self.init_combo.currentIndexChanged.connect(
            lambda i: self._apply(self.init_combo, init=self.init_combo.itemData(i)))
        form.addRow(tr("Initialiser"), self.init_combo)
        self._lock("init", self.init_combo)
        self.seed_spin = self._spin(0, 2**31 - 1, tr("Seed of the initial weights: the same "
                                                     "seed gives the same start"))
        self.seed_spin.valueChanged.connect(lambda v: self._apply(self.seed_spin, seed=int(v)))
        form.addRow(tr("Weight seed"), self.seed_spin)
        self._lock("seed", self.seed_spin)
        lay.addLayout(form)
        return g

    def _build_training(self):
        g = QGroupBox(tr("Training"))
        form = self._form(g)
        self.optimizer_combo = QComboBox()
        for name in OPTIMIZER_NAMES:
            self.optimizer_combo.addItem(tr(OPTIMIZER_LABELS.get(name, name)), name)
            self.optimizer_combo.setItemData(self.optimizer_combo.count() - 1,
                                             optimizer_formula(name), Qt.ToolTipRole)
        self.optimizer_combo.currentIndexChanged.connect(
            lambda i: self._apply(self.optimizer_combo,
                                  optimizer=self.optimizer_combo.itemData(i)))
        form.addRow(tr("Optimiser"), self.optimizer_combo)
        self._lock("optimizer", self.optimizer_combo)

        self.lr_combo = NumberCombo(LR_PRESETS, tr("learning rate"))
        self.lr_combo.setToolTip(tr("Learning rate η: the size of each step downhill. "
                                    "Too large overshoots and diverges; too small crawls. "
                                    "Pick a preset or type any number > 0."))
        self.lr_combo.valueEntered.connect(lambda v: self._apply(self.lr_combo, lr=v))
        self.lr_combo.invalidEntered.connect(lambda m: self._show_error(m, self.lr_combo))
        form.addRow(tr("Learning rate"), self.lr_combo)
        self._lock("lr", self.lr_combo)

        self.batch_spin = self._spin(0, 100_000, tr("Samples per update; “full batch” uses "
                                                    "every training sample for each step"))
        self.batch_spin.setSpecialValueText(tr("full batch"))
        self.batch_spin.valueChanged.connect(
            lambda v: self._apply(self.batch_spin, batch_size=int(v)))
        form.addRow(tr("Batch size"), self.batch_spin)
        self._lock("batch_size", self.batch_spin)

        reg_row = QHBoxLayout()
        reg_row.setSpacing(4)
        self.reg_combo = QComboBox()
        reg_tips = {"none": tr("No penalty on the weights"),
                    "l1": tr("L1: adds λ·Σ|w| to the loss — pushes weights to exactly 0"),
                    "l2": tr("L2: adds ½λ·Σw² to the loss — keeps weights small")}
        for mode, label in zip(REG_MODES, (tr("None"), "L1", "L2")):
            self.reg_combo.addItem(label, mode)
            self.reg_combo.setItemData(self.reg_combo.count() - 1, reg_tips[mode],
                                       Qt.ToolTipRole)
        self.reg_combo.currentIndexChanged.connect(self._on_reg_mode)
        self.reg_rate = NumberCombo(REG_PRESETS, tr("regularisation rate"))
        self.reg_rate.setToolTip(tr("Regularisation rate λ"))
        self.reg_rate.set_value(0.001)
        self.reg_rate.valueEntered.connect(self._on_reg_rate)
        self.reg_rate.invalidEntered.connect(lambda m: self._show_error(m, self.reg_rate))
        reg_row.addWidget(self.reg_combo)
        reg_row.addWidget(self.reg_rate, 1)
        form.addRow(tr("Regularisation"), reg_row)
        self._lock("l1", self.reg_combo, self.reg_rate)
        self._lock("l2", self.reg_combo, self.reg_rate)

        self.train_seed_spin = self._spin(0, 2**31 - 1, tr("Seed of the batch shuffling: the "
                                                           "same seed gives the same order"))
        self.train_seed_spin.valueChanged.connect(
            lambda v: self._apply(self.train_seed_spin, train_seed=int(v)))
        form.addRow(tr("Training seed"), self.train_seed_spin)
        self._lock("train_seed", self.train_seed_spin)
        return g

    # -- public ----------------------------------------------------------------
    def status_text(self) -> str:
        """The message shown under the panel ("" when none)."""
        return self.status.text()

    def refresh(self):
        """Write the session's settings into the widgets (no ``set`` calls)."""
        self._refreshing = True
        self._base_enabled = {}
        try:
            self._refresh_data()
            self._refresh_features()
            self._refresh_network()
            self._refresh_training()
            self._apply_locks()
        finally:
            self._refreshing = False
        self._refresh_stats()
        self._sync_play()

    # -- refreshing ------------------------------------------------------------
    def _refresh_data(self):
        s, ds = self.session.settings, self.session.dataset
        c = self.dataset_combo
        with QSignalBlocker(c):
            while c.count() > len(DATASET_NAMES):
                c.removeItem(c.count() - 1)
            if s.dataset in NOT_GENERATED:
                label = tr(DATASET_LABELS[s.dataset])
                if s.dataset == "csv" and ds.name and ds.name not in ("csv", "custom"):
                    label = f"{label}: {ds.name}"
                c.addItem(label, s.dataset)
            c.setCurrentIndex(c.findData(s.dataset))
        generated = s.dataset not in NOT_GENERATED
        self._base_enabled.update({
            self.classes_spin: s.dataset in MULTI_CLASS,
            self.noise_spin: generated and s.dataset not in NO_NOISE,
            self.samples_spin: generated and s.dataset not in FIXED_SIZE,
            self.test_spin: generated,
            self.data_seed_spin: generated,
            self.regenerate_button: generated,
        })
        # a greyed box still tells the truth: what this data set really has
        classes = s.classes if s.dataset in MULTI_CLASS else max(ds.n_classes, 0)
        samples = s.samples if generated and s.dataset not in FIXED_SIZE else ds.n_samples
        if ds.task != "classification":
            classes = self.classes_spin.minimum()
        self.classes_spin.setSpecialValueText("—" if ds.task != "classification" else "")
        for w, v in ((self.classes_spin, classes), (self.noise_spin, s.noise),
                     (self.samples_spin, samples),
                     (self.test_spin, int(round(s.test_fraction * 100))),
                     (self.data_seed_spin, s.data_seed)):
            with QSignalBlocker(w):
                w.setValue(v)

    def _refresh_features(self):
        s = self.session
        uses = s.uses_features
        chosen = set(s.settings.features)
        for name, cb in self.feature_checks.items():
            with QSignalBlocker(cb):
                cb.setChecked(uses and name in chosen)
            self._base_enabled[cb] = uses
        if uses:
            self.features_note.hide()
        else:
            names = ", ".join(s.dataset.input_names)
            n = s.dataset.n_inputs
            self.features_note.setText(
                tr("Engineered features apply to 2-D data only; this data set feeds its "
                   "{0} input(s) directly: {1}").format(n, names))
            self.features_note.show()

    def _refresh_network(self):
        s = self.session
        hidden, acts = s.settings.hidden, s.settings.activations
        if len(self._rows) != len(hidden):
            self._rebuild_rows(len(hidden))
        for k, row in enumerate(self._rows):
            with QSignalBlocker(row.units), QSignalBlocker(row.activation):
                row.units.setValue(int(hidden[k]))
                row.activation.setCurrentIndex(row.activation.findData(acts[k]))
                row.activation.setToolTip(ACTIVATIONS[acts[k]].formula)
        self.no_hidden_label.setVisible(not hidden)
        self._base_enabled[self.add_layer_button] = len(hidden) < MAX_HIDDEN_LAYERS
        labels = ", ".join(s.input_labels)
        self.inputs_label.setText(tr("Input: {0} ({1})").format(len(s.input_names), labels))
        act, loss = s.output_layer()
        units = s.dataset.output_dim
        unit_word = tr("unit") if units == 1 else tr("units")
        self.output_label.setText(tr("Output: {0} {1} {2}\nLoss: {3}").format(
            units, tr(ACTIVATION_LABELS.get(act, act)), unit_word,
            tr(LOSS_LABELS.get(loss, loss))))
        self.output_label.setToolTip(tr("Chosen to fit the task ({0})").format(tr(s.task)))
        net = s.net
        self.params_label.setText(tr("Parameters: {0:,}").format(net.parameter_count))
        self.params_label.setToolTip(parameter_formula(net))
        with QSignalBlocker(self.init_combo), QSignalBlocker(self.seed_spin):
            self.init_combo.setCurrentIndex(self.init_combo.findData(s.settings.init))
            self.init_combo.setToolTip(tr(INIT_TIPS.get(s.settings.init, "")))
            self.seed_spin.setValue(int(s.settings.seed))

    def _guard(self, w):
        w.setFocusPolicy(Qt.StrongFocus)
        w.installEventFilter(self._wheel_guard)

    def _rebuild_rows(self, n):
        for row in self._rows:
            self.rows_box.removeWidget(row)
            row.hide()
            row.deleteLater()
        self._rows = []
        for k in range(n):
            row = LayerRow(k)
            row.units.valueChanged.connect(functools.partial(self._on_units, k))
            row.activation.currentIndexChanged.connect(functools.partial(self._on_activation, k))
            row.remove.clicked.connect(functools.partial(self._on_remove_layer, k))
            self.rows_box.addWidget(row)
            self._rows.append(row)
            if hasattr(self, "_wheel_guard"):
                self._guard(row.units)
                self._guard(row.activation)
        self._lock_map["hidden"] = [self.add_layer_button] + \
            [w for r in self._rows for w in (r.units, r.remove)]
        self._lock_map["activations"] = [r.activation for r in self._rows]

    def _refresh_training(self):
        s = self.session.settings
        with QSignalBlocker(self.optimizer_combo):
            self.optimizer_combo.setCurrentIndex(self.optimizer_combo.findData(s.optimizer))
            self.optimizer_combo.setToolTip(optimizer_formula(s.optimizer))
        self.lr_combo.set_value(s.lr)
        n_train = len(self.session.dataset.train_idx)
        with QSignalBlocker(self.batch_spin):
            self.batch_spin.setMaximum(max(1, n_train, int(s.batch_size)))
            self.batch_spin.setValue(int(s.batch_size))
        mode = "l1" if s.l1 > 0 else ("l2" if s.l2 > 0 else "none")
        with QSignalBlocker(self.reg_combo):
            self.reg_combo.setCurrentIndex(REG_MODES.index(mode))
        if mode != "none":
            self.reg_rate.set_value(s.l1 if mode == "l1" else s.l2)
        self._base_enabled[self.reg_rate] = mode != "none"
        with QSignalBlocker(self.train_seed_spin):
            self.train_seed_spin.setValue(int(s.train_seed))

    def _apply_locks(self):
        locked = set(getattr(self.session, "locked", ()) or ())
        lock_of = {}
        for field, widgets in self._lock_map.items():
            for w in widgets:
                lock_of.setdefault(w, set()).add(field)
        for w, fields_ in lock_of.items():
            is_locked = bool(fields_ & locked)
            w.setEnabled(self._base_enabled.get(w, True) and not is_locked)
            w.setProperty("nnviz_locked", is_locked)
        self.lock_note.setVisible(bool(locked & set(self._lock_map)))

    # -- session events --------------------------------------------------------
    def _on_structure(self, event=None):
        self.refresh()
        self._clear_stale_divergence()

    def _clear_stale_divergence(self):
        """A divergence message goes once a setting change lets training resume."""
        if not self.session.diverged and tr("Training diverged") in self.status.text():
            self._clear_status()

    def _on_training(self, event=None):
        if event is not None and "speed" in event.changed:
            self._sync_speed()
            return
        if event is not None and "viewing" in event.changed:
            self._stats_time = 0.0          # show the epoch looked at at once
        self._refresh_stats()
        info = getattr(event, "info", {}) or {}
        if "playing" in info or "diverged" in info or \
                self.actions["play"].isChecked() != bool(self.session.playing):
            self._sync_play()
        if info.get("diverged") and self.session.diverged:
            self._show_error(self.session.divergence_message or tr("Training diverged"))
        else:
            self._clear_stale_divergence()

    # -- widget handlers -------------------------------------------------------
    def _apply(self, widget, **changes) -> bool:
        """``session.set(**changes)``; on an error show it and revert the widgets."""
        if self._refreshing:
            return False
        try:
            changed = self.session.set(**changes)
        except NNVizError as e:
            self._show_error(str(e), widget)
            self.refresh()
            return False
        self._clear_status()
        return bool(changed)

    def _show_error(self, message, widget=None):
        message = translate_message(message)
        self.status.setText("⚠ " + message)
        self.status.setStyleSheet(f"color: {css(ERROR_RGB)}; font-weight: bold;")
        self.status.show()
        if widget is not None and widget.isVisible():
            QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), message, widget)
        self.statusChanged.emit(message)

    def _show_info(self, message):
        self.status.setText(message)
        self.status.setStyleSheet("color: rgb(60,60,60);")
        self.status.show()
        self.statusChanged.emit(message)

    def _clear_status(self):
        if self.status.text():
            self.status.clear()
            self.status.hide()
            self.statusChanged.emit("")
        for combo in (self.lr_combo, self.reg_rate):
            if combo.invalid:
                combo.set_invalid(False)

    def _on_dataset(self, index):
        name = self.dataset_combo.itemData(index)
        if name in NOT_GENERATED:
            return
        self._apply(self.dataset_combo, dataset=name)

    def _on_regenerate(self):
        if self._refreshing:
            return
        try:
            self.session.regenerate()
        except NNVizError as e:
            self._show_error(str(e), self.regenerate_button)
            self.refresh()

    def _on_feature(self, name, checked):
        if self._refreshing:
            return
        current = list(self.session.settings.features)
        if checked and name not in current:
            current.append(name)
        elif not checked and name in current:
            if len(current) == 1:
                cb = self.feature_checks[name]
                with QSignalBlocker(cb):
                    cb.setChecked(True)
                self._show_error(tr("Keep at least one input feature: the network needs "
                                    "an input"), cb)
                return
            current.remove(name)
        ordered = tuple(f for f in FEATURE_NAMES if f in current)
        self._apply(self.feature_checks[name], features=ordered)

    def _on_units(self, k, value):
        hidden = list(self.session.settings.hidden)
        if k < len(hidden):
            hidden[k] = int(value)
            self._apply(self._rows[k].units, hidden=tuple(hidden))

    def _on_activation(self, k, index):
        acts = list(self.session.settings.activations)
        if k < len(acts):
            acts[k] = self._rows[k].activation.itemData(index)
            self._apply(self._rows[k].activation, activations=tuple(acts))

    def _on_remove_layer(self, k):
        s = self.session.settings
        hidden, acts = list(s.hidden), list(s.activations)
        if k < len(hidden):
            del hidden[k], acts[k]
            self._apply(self._rows[k].remove, hidden=tuple(hidden), activations=tuple(acts))

    def _on_add_layer(self):
        s = self.session.settings
        if len(s.hidden) >= MAX_HIDDEN_LAYERS:
            self._show_error(tr("At most {0} hidden layers").format(MAX_HIDDEN_LAYERS),
                             self.add_layer_button)
            return
        units = s.hidden[-1] if s.hidden else 4
        act = s.activations[-1] if s.activations else "tanh"
        self._apply(self.add_layer_button, hidden=tuple(s.hidden) + (units,),
                    activations=tuple(s.activations) + (act,))

    def _on_reg_mode(self, index):
        mode = self.reg_combo.itemData(index)
        rate = parse_number(self.reg_rate.currentText())
        if rate is None or rate <= 0:
            rate = 0.001
            self.reg_rate.set_value(rate)
        self.reg_rate.setEnabled(mode != "none" and "l1" not in self.session.locked
                                 and "l2" not in self.session.locked)
        if mode == "l1":
            self._apply(self.reg_combo, l1=rate, l2=0.0)
        elif mode == "l2":
            self._apply(self.reg_combo, l1=0.0, l2=rate)
        else:
            self._apply(self.reg_combo, l1=0.0, l2=0.0)

    def _on_reg_rate(self, value):
        mode = self.reg_combo.currentData()
        if mode == "l1":
            self._apply(self.reg_rate, l1=value)
        elif mode == "l2":
            self._apply(self.reg_rate, l2=value)

def parameter_formula(net) -> str:
    """The C8 parameter count with this network's numbers, for a tooltip."""
    layers = net.layers
    terms = [f"({ls.input_dim}+1)·{ls.output_dim}" for ls in layers]
    alphas = sum(ls.output_dim for ls in layers if ls.activation == "prelu")
    extra = tr(" + {0} PReLU slopes").format(alphas) if alphas else ""
    total = f"{net.parameter_count:,}"
    if len(layers) == 2:
        head = tr("One hidden layer: (Dx+1)·H + (H+1)·Dy")
    elif len(layers) == 1:
        head = tr("No hidden layer: (Dx+1)·Dy")
    else:
        head = tr("Each layer: (fan_in + 1)·fan_out — weights plus one bias per unit")
    return f"{head}\n= {' + '.join(terms)}{extra} = {total}"






def _unsubscribe(events, subs, *_):
    for name, fn in subs:
        events.disconnect(name, fn)


__all__ = ["ControlPanel", "NumberCombo", "DATASET_LABELS", "parameter_formula"]
