"""Small formulas → graphs, parsed safely.

``parse("(x + y) * z", x=-2, y=5, z=-4)`` builds the graph of CURRICULUM E1.
The text goes through Python's ``ast`` parser and every syntax node is checked
against a whitelist — numbers, names, + − * / ** @, unary ±, calls of the
functions in :data:`FUNCTIONS` and ``name = expression`` statements — so
nothing in it is ever evaluated by Python. Everything else is refused with an
:class:`ExpressionError` that names the problem.

Naming: inputs keep their variable names; ``q = x + y; f = q * z`` names
subexpressions (statements are separated by ``;`` or new lines, and the last
one is the output); unnamed intermediates are called q1, q2, … and an unnamed
output f.

Real input (DESIGN.md): any text gives either a graph or an
:class:`ExpressionError` with a one-line message — never another exception.
The length and the number of operations are capped by ``formula_chars`` and
``formula_nodes`` in :mod:`core.limits`; nesting is measured without
recursion and capped at :data:`MAX_DEPTH` before anything recursive runs;
number literals go through :func:`core.numbers.parse_number` like every
number a person types (so ``1e999``, ``0x10`` and ``1_000`` are refused);
values that do not exist (``log(-3)``, ``1/0``, ``10**400``) stop the build
with the node where it happened.
"""
from __future__ import annotations

import ast
import math
import warnings

import numpy as np

from ..errors import NNVizError
from ..limits import LIMITS
from ..numbers import NumberError, parse_number, quote
from .errors import ExpressionError
from .nodes import Graph, Node

MAX_LENGTH = int(LIMITS["formula_chars"].hi)
MAX_OPERATIONS = int(LIMITS["formula_nodes"].hi)
# Levels of the syntax tree; far beyond any formula a person writes, and far
# below what would strain the (recursive) builder.
MAX_DEPTH = 100
# name -> (op, number of node arguments, names of extra constant arguments)
FUNCTIONS: dict[str, tuple[str, int, tuple[str, ...]]] = {
    "exp": ("exp", 1, ()),
    "log": ("log", 1, ()),
    "ln": ("log", 1, ()),
    "sqrt": ("sqrt", 1, ()),
    "sin": ("sin", 1, ()),
    "cos": ("cos", 1, ()),
    "abs": ("abs", 1, ()),
    "max": ("max", None, ()),      # None: two or more arguments
    "min": ("min", None, ()),
    "sigmoid": ("sigmoid", 1, ()),
    "tanh": ("tanh", 1, ()),
    "relu": ("relu", 1, ()),
    "leaky_relu": ("leaky_relu", 1, ("slope",)),
    "rrelu": ("rrelu", 1, ()),
    "prelu": ("prelu", 2, ()),
    "identity": ("identity", 1, ()),
    "softmax": ("softmax", 1, ()),
    "sum": ("sum", 1, ()),
    "dot": ("dot", 2, ()),
    "matmul": ("matmul", 2, ()),
    "mse": ("mse", 2, ()),
    "binary_cross_entropy": ("binary_cross_entropy", 2, ()),
    "bce": ("binary_cross_entropy", 2, ()),
    "cross_entropy": ("cross_entropy", 2, ()),
}
CONSTANTS = {"e": math.e, "pi": math.pi}

_BINOPS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div",
           ast.Pow: "pow", ast.MatMult: "matmul"}
# Friendly names for the constructs people actually try.
_REFUSED = {
    "Attribute": "attribute access ('.')", "Lambda": "lambda", "Import": "import",
    "ImportFrom": "import", "Subscript": "indexing ('[...]')", "Compare": "comparison",
    "BoolOp": "'and'/'or'", "IfExp": "'if … else'", "ListComp": "comprehension",
    "GeneratorExp": "comprehension", "DictComp": "comprehension",
    "SetComp": "comprehension", "List": "a list", "Tuple": "a tuple", "Dict": "a dict",
    "Set": "a set", "JoinedStr": "an f-string", "Starred": "'*' unpacking",
    "NamedExpr": "':='", "Await": "await", "Yield": "yield", "FunctionDef": "def",
    "ClassDef": "class", "AugAssign": "'+=' style assignment",
    "AnnAssign": "annotated assignment", "Delete": "del", "Global": "global",
    "Nonlocal": "nonlocal", "Assert": "assert", "Raise": "raise", "With": "with",
    "For": "for", "While": "while", "If": "if", "Try": "try", "Pass": "pass",
    "Return": "return", "Slice": "slicing", "FloorDiv": "'//'", "Mod": "'%'",
    "BitAnd": "'&'", "BitOr": "'|'", "BitXor": "'^' (write powers as **)",
    "LShift": "'<<'", "RShift": "'>>'", "Invert": "'~'", "Not": "'not'",
}


def parse(text: str, /, **values) -> Graph:
    """Build a graph from a formula; ``values`` give every free variable.

    Values may be numbers or arrays. ``e`` and ``pi`` are known unless given.
    Raises :class:`ExpressionError` — and nothing else — for a syntax error, a
    refused construct, an unknown function, a name without a value, a bad
    value, a formula too long, too big or nested too deeply, or a value that
    does not exist (the message names the node).
    """
    if not isinstance(text, str):
        raise ExpressionError(f"the formula must be text, got {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"the formula is {len(text)} characters long; at most "
                              f"{MAX_LENGTH} are allowed")
    if not text.strip():
        raise ExpressionError("the formula is empty")
    try:
        with warnings.catch_warnings():     # e.g. SyntaxWarning: never an exception here
            warnings.simplefilter("ignore")
            tree = ast.parse(text, mode="exec")
    except SyntaxError as e:
        where = f"column {e.offset}" if e.offset else "the end"
        if text.count("\n") and e.lineno:
            where = f"line {e.lineno}, {where}"
        raise ExpressionError(f"syntax error at {where}: {e.msg}") from None
    except (ValueError, RecursionError, MemoryError) as e:
        raise ExpressionError(f"the formula cannot be read: {e}") from None
    _check_size(tree)
    try:
        return _Builder(values, text).build(tree)
    except ExpressionError:
        raise
    except NNVizError as e:           # GraphError from evaluating a node, NumberError
        raise ExpressionError(str(e)) from None
    except RecursionError:
        raise ExpressionError("the formula is nested too deeply") from None
    except (ArithmeticError, ValueError, TypeError, MemoryError) as e:
        raise ExpressionError(f"the formula cannot be evaluated: {e}") from None


def _check_size(tree) -> None:
    """Refuse trees nested deeper than MAX_DEPTH or with more than
    MAX_OPERATIONS operations, walking with an explicit stack."""
    if not tree.body:
        raise ExpressionError("the formula has no expression in it (only comments?)")
    ops = 0
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExpressionError(f"the formula is nested too deeply (more than "
                                  f"{MAX_DEPTH} levels)")
        if isinstance(node, (ast.BinOp, ast.UnaryOp, ast.Call, ast.Assign)):
            ops += 1
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    if ops > MAX_OPERATIONS:
        raise ExpressionError(f"the formula has {ops} operations; at most "
                              f"{MAX_OPERATIONS} are allowed")


def _number(node, what, text) -> float:
    """A literal number such as 0.2 or −0.2 (for settings like a slope)."""
    sign = 1.0
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        sign = -1.0 if isinstance(node.op, ast.USub) else 1.0
        node = node.operand
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        return sign * _literal(node, text)
    raise ExpressionError(f"{what} must be a number{_where(node)}")


def _literal(node: ast.Constant, text: str) -> float:
    """The value of a number literal, read by the one number parser from the
    characters typed (so 1e999, 0x10 and 1_000 are refused as everywhere)."""
    source = ast.get_source_segment(text, node)
    if source is None:                      # no position: trust the value
        source = node.value
    try:
        return parse_number(source, f"the number{_where(node)}", decimal_comma=False)
    except NumberError as e:
        raise ExpressionError(str(e)) from None


def _where(node) -> str:
    col = getattr(node, "col_offset", None)
    return f" at column {col + 1}" if col is not None else ""


def _q(name) -> str:
    """A name quoted for a message (long names are cut)."""
    return quote(name, 30)


class _Builder:
    def __init__(self, values, text):
        self.graph = Graph()
        self.values = values
        self.text = text
        self.bound: dict[str, Node] = {}       # names given or assigned so far
        self.counter = 0
        for name in values:
            if name in FUNCTIONS:
                raise ExpressionError(f"{_q(name)} is a function name; pick another "
                                      f"variable name")

    def build(self, tree: ast.Module) -> Graph:
        statements = tree.body
        self.reserved = set(self.values)
        for st in statements:
            if isinstance(st, ast.Assign):
                self.reserved.update(t.id for t in st.targets if isinstance(t, ast.Name))
        out = None
        for i, st in enumerate(statements):
            last = i == len(statements) - 1
            if isinstance(st, ast.Expr):
                if not last:
                    raise ExpressionError(
                        f"only the last line may be a bare expression{_where(st)}; "
                        f"name the others, e.g. q = x + y")
                out = self.expr(st.value, name=self._output_name())
            elif isinstance(st, ast.Assign):
                if len(st.targets) != 1 or not isinstance(st.targets[0], ast.Name):
                    raise ExpressionError(f"assign to one plain name{_where(st)}, "
                                          f"e.g. q = x + y")
                target = st.targets[0].id
                self._check_target(target, st)
                node = self.expr(st.value, name=target)
                if node.name != target:       # `a = x` or `a = 2`: give it a node of its own
                    node = self.graph.apply("identity", node, name=target)
                self.bound[target] = node
                out = node
            else:
                self.refuse(st)
        self.graph.output = out
        return self.graph

    def _check_target(self, target, st):
        if target in self.values:
            raise ExpressionError(f"{_q(target)} is given a value and also assigned"
                                  f"{_where(st)}")
        if target in self.bound:
            raise ExpressionError(f"{_q(target)} is assigned twice{_where(st)}")
        if target in FUNCTIONS:
            raise ExpressionError(f"{_q(target)} is a function name; pick another name")

    def _output_name(self):
        for name in ("f", "out", "output"):
            if name not in self.reserved:
                return name
        return self._auto_name()

    def _auto_name(self):
        while True:
            self.counter += 1
            name = f"q{self.counter}"
            if name not in self.reserved and name not in self.graph:
                return name

    def refuse(self, node, at=None):
        kind = type(node).__name__
        what = _REFUSED.get(kind, kind)
        raise ExpressionError(f"{what} is not allowed in a formula{_where(at or node)}")

    def expr(self, node, name=None) -> Node:
        """The graph node for an ast expression; ``name`` names the top op node."""
        if isinstance(node, ast.Constant):
            v = node.value
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise ExpressionError(f"only numbers are allowed as constants, got "
                                      f"{quote(repr(v), 30)}{_where(node)}")
            return self.graph.const(_literal(node, self.text))
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.BinOp):
            op = _BINOPS.get(type(node.op))
            if op is None:
                self.refuse(node.op, at=node)
            left = self.expr(node.left)
            right = self.expr(node.right)
            return self.graph.apply(op, left, right, name=name or self._auto_name())
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.UAdd):
                return self.expr(node.operand, name)
            if not isinstance(node.op, ast.USub):
                self.refuse(node.op, at=node)
            if isinstance(node.operand, ast.Constant):   # −2 is a number, not an op
                if not isinstance(node.operand.value, (int, float)) \
                        or isinstance(node.operand.value, bool):
                    return self.expr(node.operand)           # refused there
                return self.graph.const(-_literal(node.operand, self.text))
            inner = self.expr(node.operand)
            return self.graph.apply("neg", inner, name=name or self._auto_name())
        if isinstance(node, ast.Call):
            return self.call(node, name)
        self.refuse(node)

    def name(self, node: ast.Name) -> Node:
        n = node.id
        if n in self.bound:
            return self.bound[n]
        if n in self.values:
            self.bound[n] = self.graph.input(n, _value(n, self.values[n]))
            return self.bound[n]
        if n in self.reserved:
            raise ExpressionError(f"{_q(n)} is used before it is assigned{_where(node)}")
        if n in CONSTANTS:
            return self.graph.const(CONSTANTS[n], name=n) if n not in self.graph \
                else self.graph[n]
        if n in FUNCTIONS:
            raise ExpressionError(f"{_q(n)} is a function; call it like {n}(x){_where(node)}")
        raise ExpressionError(f"unknown name {_q(n)}{_where(node)} — give it a value")

    def call(self, node: ast.Call, name) -> Node:
        if not isinstance(node.func, ast.Name):
            self.refuse(node.func)
        fname = node.func.id
        if fname not in FUNCTIONS:
            raise ExpressionError(f"unknown function {_q(fname)}{_where(node)}; known: "
                                  f"{', '.join(sorted(FUNCTIONS))}")
        if node.keywords:
            raise ExpressionError(f"{fname}() takes no keyword arguments{_where(node)}")
        op, n_args, extra = FUNCTIONS[fname]
        if n_args is None:                  # max, min: two or more
            if len(node.args) < 2:
                raise ExpressionError(f"{fname}() takes two or more arguments, got "
                                      f"{len(node.args)}{_where(node)}")
            n_args = len(node.args)
        if not n_args <= len(node.args) <= n_args + len(extra):
            want = f"{n_args}" if not extra else f"{n_args} to {n_args + len(extra)}"
            raise ExpressionError(f"{fname}() takes {want} argument(s), got "
                                  f"{len(node.args)}{_where(node)}")
        if any(isinstance(a, ast.Starred) for a in node.args):
            self.refuse(next(a for a in node.args if isinstance(a, ast.Starred)))
        attrs = {}
        for key, arg in zip(extra, node.args[n_args:]):
            attrs[key] = _number(arg, f"the {key} of {fname}()", self.text)
        parents = [self.expr(a) for a in node.args[:n_args]]
        return self.graph.apply(op, *parents, name=name or self._auto_name(), **attrs)


def _value(name, value):
    """A given value as a finite float or float array (ExpressionError otherwise)."""
    what = f"the value of {_q(name)}"
    if isinstance(value, (str, bool, int, float, np.number)):
        try:
            return parse_number(value, what)
        except NumberError:
            raise ExpressionError(f"{what} must be a number, got {quote(value)}") from None
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ExpressionError(f"{what} must be a number or an array of numbers, got "
                              f"{quote(value)}") from None
    if not np.all(np.isfinite(arr)):
        raise ExpressionError(f"{what} must be finite numbers, got {quote(value)}")
    return arr
