"""nnviz's NumPy engine: small dense networks you can watch learn.

Depends on NumPy alone; never imports Qt.
"""
from .activations import ACTIVATION_NAMES, ACTIVATIONS, sigmoid, sigmoid_grad, softmax
from .errors import BackpropError, DataError, NNVizError, SessionFileError, ShapeError, SpecError
from .gradcheck import GradcheckResult, gradcheck, numeric_gradient
from .losses import LOSS_NAMES, LOSSES
from .network import INIT_NAMES, LayerSpec, Network, affine, parse_spec, spec_from_sizes

__all__ = [
    "ACTIVATIONS", "ACTIVATION_NAMES", "BackpropError", "DataError",
    "GradcheckResult", "INIT_NAMES", "LOSSES", "LOSS_NAMES", "LayerSpec",
    "NNVizError", "Network", "SessionFileError", "ShapeError", "SpecError",
    "affine", "gradcheck", "numeric_gradient", "parse_spec", "sigmoid",
    "sigmoid_grad", "softmax", "spec_from_sizes",
]

from . import data, optim, perceptron, train  # noqa: E402
from .data import Dataset, make_dataset  # noqa: E402
from .optim import OPTIMIZER_NAMES, make_optimizer  # noqa: E402
from .train import History, Trainer, TrainResult  # noqa: E402

__all__ += ["data", "optim", "perceptron", "train", "Dataset", "make_dataset",
            "OPTIMIZER_NAMES", "make_optimizer", "History", "Trainer", "TrainResult"]
