"""Tests of activations.nn: backpropagation, training, optimizers and input checks."""

from __future__ import annotations

import itertools
import time

import numpy as np
import pytest

from activations import data, functions, nn

SMOOTH_ENOUGH = [name for name in functions.names() if name != "step"]  # every one with a gradient
KINKED = {"relu", "leaky_relu", "elu", "selu"}


def _classification_data(n=6, d=3, k=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = np.arange(n) % k  # every class present
    return X, y


def _assert_away_from_kinks(model, X, margin=1e-4):
    """The finite-difference check is only valid away from kinks: make sure, don't hope."""
    cache = model.forward(X, return_cache=True)
    for z in cache.pre_activations[:-1]:
        assert np.abs(z).min() > margin


def _names(model):
    """Per layer, the names :func:`gradient_check` gives its arrays: W1, b1, then the block's
    params, a1 for a PReLU's slope, g1, c1 for a Norm's gamma and beta, p1_1, p2_1, ... for
    those of any other block (as many as it has)."""
    known = {nn.PReLU: ["a"], nn.Norm: ["g", "c"]}
    names = []
    for layer, (arrays, g) in enumerate(
        zip(model.parameters, [*model.hidden_activations, None], strict=True), start=1
    ):
        extra = known.get(type(g)) or [f"p{j}_" for j in range(1, len(arrays) - 1)]
        names.append([f"{name}{layer}" for name in ("W", "b", *extra)])
    return names


def gradient_check(model, X, y, eps=1e-6, training=False):
    """Relative error of backpropagation against central differences, per parameter array.

    Runs on a float64 copy of the model; ``{"W1": ..., "b1": ..., ...}``, layers from 1, and
    the block parameters as :func:`_names` calls them. The loss is evaluated in the mode
    ``training`` (batch statistics, or running averages, in a batch Norm), like the forward
    pass backpropagated. (A training-mode pass moves the running averages, which
    training-mode outputs never read.) An array whose gradient is about 0 both ways (the
    bias before a batch normalization) counts as 0. (Chapter 3 writes this check out.)
    """
    probe = model.copy(dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    T = probe.head.targets(y, probe.n_outputs, probe.dtype)

    def loss():
        return probe.head.loss(probe._forward(X, training=training).logits, T)

    analytic = probe.backward(probe._forward(X, training=training), y)
    errors = {}
    layers = zip(_names(probe), probe.parameters, analytic, strict=True)
    for names, params, grads in layers:
        for name, p, g in zip(names, params, grads, strict=True):
            assert g.shape == p.shape, name
            numeric = np.empty_like(p)
            for i in np.ndindex(p.shape):
                original = p[i]
                p[i] = original + eps
                loss_plus = loss()
                p[i] = original - eps
                loss_minus = loss()
                p[i] = original
                numeric[i] = (loss_plus - loss_minus) / (2.0 * eps)
            scale = np.linalg.norm(g) + np.linalg.norm(numeric)
            errors[name] = 0.0 if scale < 1e-7 else float(np.linalg.norm(g - numeric) / scale)
    return errors


def _assert_gradients_ok(model, X, y, tol=1e-6, training=False):
    errors = gradient_check(model, X, y, training=training)
    assert set(errors) == {name for names in _names(model) for name in names}
    worst = max(errors, key=errors.get)
    assert errors[worst] < tol, f"{worst}: relative error {errors[worst]:.2e}"
    return errors


# --- backpropagation against finite differences ----------------------------------------


@pytest.mark.parametrize("activation", SMOOTH_ENOUGH)
def test_gradients_match_finite_differences_for_every_activation(activation):
    X, y = _classification_data()
    model = nn.MLP([3, 5, 4, 3], hidden_activation=activation, output="softmax", seed=2)
    if activation in KINKED:
        _assert_away_from_kinks(model, X)
    _assert_gradients_ok(model, X, y)


@pytest.mark.parametrize(
    ("output", "sizes", "make_y"),
    [
        ("softmax", [3, 4, 3], lambda rng, n: np.arange(n) % 3),
        ("softmax", [3, 4, 2], lambda rng, n: np.arange(n) % 2),
        ("sigmoid", [3, 4, 1], lambda rng, n: np.arange(n) % 2),
        ("sigmoid", [3, 4, 1], lambda rng, n: (np.arange(n) % 2)[:, None]),
        ("sigmoid", [3, 4, 3], lambda rng, n: rng.integers(0, 2, size=(n, 3))),
        ("identity", [3, 4, 1], lambda rng, n: rng.normal(size=n)),
        ("identity", [3, 4, 2], lambda rng, n: rng.normal(size=(n, 2))),
    ],
)
def test_gradients_match_finite_differences_for_every_head(output, sizes, make_y):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(7, 3))
    model = nn.MLP(sizes, hidden_activation="tanh", output=output, init="xavier_normal", seed=3)
    _assert_gradients_ok(model, X, make_y(rng, 7))


@pytest.mark.parametrize(
    "sizes", [[3, 3], [3, 6, 3], [3, 5, 4, 3], [3, 4, 4, 4, 4, 3], [3, 2, 7, 2, 3]]
)
@pytest.mark.parametrize("output", ["softmax", "identity"])
def test_gradients_match_finite_differences_at_several_depths(sizes, output):
    X, y = _classification_data(n=5)
    if output == "identity":
        y = np.random.default_rng(0).normal(size=(5, 3))
    model = nn.MLP(sizes, hidden_activation="sigmoid", output=output, init="he_normal", seed=4)
    _assert_gradients_ok(model, X, y)


def test_gradients_with_a_different_activation_per_layer_and_float32_model():
    X, y = _classification_data()
    model = nn.MLP(
        [3, 5, 4, 4, 3],
        hidden_activation=["tanh", functions.get("leaky_relu", slope=0.2), "gelu"],
        output="softmax",
        bias_init=0.1,
        seed=5,
        dtype=np.float32,
    )
    _assert_away_from_kinks(model, X)
    before = [(W.copy(), b.copy()) for W, b in model.parameters]
    _assert_gradients_ok(model, X, y)  # checked on a float64 copy
    for (W, b), (W0, b0) in zip(model.parameters, before, strict=True):
        assert W.dtype == np.float32
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)


def test_gradient_check_catches_a_wrong_gradient(monkeypatch):
    X, y = _classification_data()
    model = nn.MLP([3, 5, 3], hidden_activation="tanh", seed=0)
    backward = nn.Dense.backward

    def slightly_wrong(self, a, dz, input_grad=True):
        dW, db, da = backward(self, a, dz, input_grad)
        return 1.01 * dW, db, da

    monkeypatch.setattr(nn.Dense, "backward", slightly_wrong)
    errors = gradient_check(model, X, y)
    assert errors["W1"] > 1e-3 and errors["W2"] > 1e-3
    assert errors["b1"] < 1e-6


def test_head_gradient_is_output_minus_target_over_n():
    X, y = _classification_data(n=4)
    model = nn.MLP([3, 3], output="softmax", seed=0)
    cache = model.forward(X, return_cache=True)
    ((dW, db),) = model.backward(cache, y)
    onehot = np.eye(3)[y]
    np.testing.assert_allclose(db, ((cache.outputs - onehot) / 4).sum(axis=0))
    np.testing.assert_allclose(dW, X.T @ (cache.outputs - onehot) / 4)


def test_losses_are_stable_for_huge_logits():
    z = np.array([[1000.0, -1000.0, 0.0], [-800.0, 800.0, 1.0]])
    T = np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]])
    softmax_loss = nn.HEADS["softmax"].loss(z, T)
    assert softmax_loss == pytest.approx((0.0 + 1600.0) / 2)
    zs = np.array([[1000.0], [-1000.0], [0.0]])
    Ts = np.array([[1.0], [1.0], [0.0]])
    sigmoid_loss = nn.HEADS["sigmoid"].loss(zs, Ts)
    assert sigmoid_loss == pytest.approx((0.0 + 1000.0 + np.log(2.0)) / 3)
    extreme = np.array([[1e308, -1e308]])
    assert nn.HEADS["softmax"].loss(extreme, np.array([[1.0, 0.0]])) == 0.0
    assert nn.HEADS["softmax"].loss(extreme, np.array([[0.0, 1.0]])) == np.inf
    assert nn.HEADS["sigmoid"].loss(extreme.T, np.array([[1.0], [0.0]])) == 0.0


# --- forward pass, predictions, parameters ---------------------------------------------------


def test_forward_cache_holds_every_layer():
    X, _ = _classification_data(n=8)
    model = nn.MLP([3, 5, 4, 3], hidden_activation="relu", output="softmax", seed=0)
    cache = model.forward(X, return_cache=True)
    assert isinstance(cache, nn.ForwardCache)
    assert [z.shape for z in cache.pre_activations] == [(8, 5), (8, 4), (8, 3)]
    assert [a.shape for a in cache.activations] == [(8, 5), (8, 4), (8, 3)]
    np.testing.assert_array_equal(cache.activations[0], np.maximum(cache.pre_activations[0], 0))
    np.testing.assert_allclose(cache.outputs.sum(axis=1), 1.0)
    np.testing.assert_array_equal(cache.logits, cache.pre_activations[-1])
    np.testing.assert_array_equal(model.forward(X), cache.outputs)
    np.testing.assert_array_equal(model.logits(X), cache.logits)


def test_predictions_have_the_documented_shapes():
    X, y = _classification_data(n=8)
    softmax = nn.MLP([3, 4, 3], output="softmax", seed=0)
    assert softmax.predict_proba(X).shape == (8, 3)
    assert softmax.predict(X).shape == (8,)
    assert softmax.predict(X).dtype.kind == "i"
    np.testing.assert_array_equal(softmax.predict(X), softmax.predict_proba(X).argmax(axis=1))
    assert 0.0 <= softmax.accuracy(X, y) <= 1.0

    sigmoid = nn.MLP([3, 4, 1], output="sigmoid", seed=0)
    p = sigmoid.predict_proba(X)
    assert p.shape == (8,) and np.all((p > 0) & (p < 1))
    np.testing.assert_array_equal(sigmoid.predict(X), (p > 0.5).astype(int))
    assert nn.MLP([3, 4, 2], output="sigmoid").predict(X).shape == (8, 2)

    regression = nn.MLP([3, 4, 1], output="identity", seed=0)
    assert regression.predict(X).shape == (8,)
    assert nn.MLP([3, 4, 2], output="identity").predict(X).shape == (8, 2)


def test_initializers_have_the_documented_spread():
    rng = np.random.default_rng(0)
    fan_in, fan_out = 400, 600
    expected_std = {
        "small_uniform": 0.05 / np.sqrt(3),
        "small_normal": 0.01,
        "xavier_uniform": np.sqrt(2.0 / (fan_in + fan_out)),
        "xavier_normal": np.sqrt(2.0 / (fan_in + fan_out)),
        "he_uniform": np.sqrt(2.0 / fan_in),
        "he_normal": np.sqrt(2.0 / fan_in),
        "lecun_uniform": np.sqrt(1.0 / fan_in),
        "lecun_normal": np.sqrt(1.0 / fan_in),
    }
    assert set(expected_std) == set(nn.INITIALIZERS)
    for name, std in expected_std.items():
        W = nn.initialize(name, fan_in, fan_out, rng)
        assert W.shape == (fan_in, fan_out)
        assert abs(W.mean()) < 0.01 * std * 10
        assert W.std() == pytest.approx(std, rel=0.01), name
    W = nn.initialize("xavier_uniform", fan_in, fan_out, rng)
    assert np.abs(W).max() <= np.sqrt(6.0 / (fan_in + fan_out))
    assert np.abs(nn.initialize("small_uniform", 50, 50, rng)).max() <= 0.05


def test_model_initialization_biases_seed_and_dtype():
    model = nn.MLP([4, 6, 5, 2], bias_init=-1.5, seed=7, dtype=np.float32)
    for W, b in model.parameters:
        assert W.dtype == np.float32 and b.dtype == np.float32
        np.testing.assert_array_equal(b, -1.5)
    assert model.forward(np.ones((3, 4))).dtype == np.float32
    per_layer = nn.MLP([4, 6, 5, 2], bias_init=[-1.0, 0.5, 0.0])
    assert [float(b[0]) for _, b in per_layer.parameters] == [-1.0, 0.5, 0.0]
    same = nn.MLP([4, 6, 5, 2], seed=7)
    other = nn.MLP([4, 6, 5, 2], seed=8)
    np.testing.assert_array_equal(same.layers[0].W, nn.MLP([4, 6, 5, 2], seed=7).layers[0].W)
    assert not np.array_equal(same.layers[0].W, other.layers[0].W)
    custom = nn.MLP([4, 3], init=lambda fan_in, fan_out, rng: np.ones((fan_in, fan_out)))
    np.testing.assert_array_equal(custom.layers[0].W, 1.0)
    assert model.n_parameters == 4 * 6 + 6 + 6 * 5 + 5 + 5 * 2 + 2
    assert nn.MLP([64, 128, 10]).n_parameters == 9610
    assert "layer_sizes=[4, 6, 5, 2]" in repr(model)


def test_copy_is_independent():
    model = nn.MLP([3, 4, 2], seed=0)
    clone = model.copy()
    for (W, b), (Wc, bc) in zip(model.parameters, clone.parameters, strict=True):
        np.testing.assert_array_equal(W, Wc)
        assert W is not Wc and b is not bc
    clone.layers[0].W += 1.0
    assert not np.array_equal(model.layers[0].W, clone.layers[0].W)
    assert model.copy(dtype=np.float32).layers[0].W.dtype == np.float32


def test_set_parameters_checks_shapes():
    model = nn.MLP([3, 4, 2], seed=0)
    params = [(W.copy(), b.copy()) for W, b in model.parameters]
    params[0] = (np.zeros((4, 3)), params[0][1])
    with pytest.raises(
        ValueError, match=r"layer 0: expected arrays of shapes \[\(3, 4\), \(4,\)\]"
    ):
        model.set_parameters(params)
    with pytest.raises(ValueError, match=r"expected 2 \(W, b\) pairs"):
        model.set_parameters(params[:1])


# --- PReLU: a learned slope ------------------------------------------------------------


def test_prelu_values_derivatives_and_slope_gradient():
    layer = nn.PReLU(slope=0.25).build(3, np.float64)
    z = np.array([[-2.0, 0.0, 3.0], [1.0, -4.0, 0.0]])
    np.testing.assert_array_equal(layer.forward(z), [[-0.5, 0.0, 3.0], [1.0, -1.0, 0.0]])
    da = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    dz, (dslope,) = layer.backward(z, da)
    np.testing.assert_array_equal(dz, da * [[0.25, 0.25, 1.0], [1.0, 0.25, 0.25]])  # left at 0
    np.testing.assert_array_equal(dslope, [-2.0, -20.0, 0.0])  # sum of da min(z, 0)
    shared = nn.PReLU(slope=0.25, per_unit=False).build(3, np.float64)
    assert shared.slope.shape == (1,) and shared.params[0] is shared.slope
    np.testing.assert_array_equal(shared.backward(z, da)[1][0], [-22.0])
    assert repr(nn.PReLU()) == "PReLU(slope=0.25, per_unit=True)"


@pytest.mark.parametrize("per_unit", [True, False])
@pytest.mark.parametrize("output", ["softmax", "sigmoid", "identity"])
def test_prelu_gradients_match_finite_differences(per_unit, output):
    X, y = _classification_data(n=7, d=3, k=2 if output == "sigmoid" else 3, seed=4)
    if output == "identity":
        y = np.random.default_rng(1).normal(size=(7, 3))
    k = 1 if output == "sigmoid" else 3
    model = nn.MLP([3, 5, 4, k], nn.PReLU(0.25, per_unit=per_unit), output, seed=2)
    for g in model.hidden_activations:  # slopes of both signs, away from their start
        g.slope[...] = np.random.default_rng(3).uniform(-0.5, 0.5, g.slope.shape)
    _assert_away_from_kinks(model, X)
    _assert_gradients_ok(model, X, y)


def test_prelu_parameters_copy_and_set_parameters():
    model = nn.MLP([4, 6, 5, 3], [nn.PReLU(0.1), "tanh"], seed=0)
    assert [tuple(p.shape for p in layer) for layer in model.parameters] == [
        ((4, 6), (6,), (6,)), ((6, 5), (5,)), ((5, 3), (3,))
    ]  # fmt: skip
    assert model.n_parameters == 4 * 6 + 6 + 6 + 6 * 5 + 5 + 5 * 3 + 3
    np.testing.assert_array_equal(model.hidden_activations[0].slope, 0.1)
    model.hidden_activations[0].slope[...] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
    clone = model.copy()
    np.testing.assert_array_equal(
        clone.hidden_activations[0].slope, model.hidden_activations[0].slope
    )
    assert clone.hidden_activations[0].slope is not model.hidden_activations[0].slope
    assert model.copy(dtype=np.float32).hidden_activations[0].slope.dtype == np.float32
    with pytest.raises(ValueError, match="layer 0: expected arrays of shapes"):
        model.set_parameters([(W, b) for W, b, *_ in model.parameters])
    # two layers share no PReLU: each hidden layer builds its own from the one passed
    shared = nn.MLP([2, 3, 3, 2], nn.PReLU(), seed=0)
    first, second = shared.hidden_activations
    assert first is not second and first.slope is not second.slope


def test_prelu_at_a_frozen_slope_is_leaky_relu():
    X, _ = _classification_data(n=20, d=4, seed=1)
    prelu = nn.MLP([4, 8, 3], nn.PReLU(0.01), seed=5)
    leaky = nn.MLP([4, 8, 3], functions.get("leaky_relu", slope=0.01), seed=5)
    np.testing.assert_array_equal(prelu.forward(X), leaky.forward(X))


def test_prelu_slopes_train_and_keep_the_dtype():
    X, y = data.xor(n=200, noise=0.1, seed=0)
    model = nn.MLP([2, 8, 2], nn.PReLU(), init="he_normal", seed=0, dtype=np.float32)
    nn.train(model, X, y, optimizer=nn.Adam(lr=0.05), epochs=30, batch_size=32)
    slope = model.hidden_activations[0].slope
    assert slope.dtype == np.float32 and not np.all(slope == np.float32(0.25))
    assert model.accuracy(X, y) > 0.95


@pytest.mark.parametrize(
    ("slope", "error"), [("a", TypeError), (True, TypeError), (np.nan, ValueError)]
)
def test_prelu_rejects_a_bad_slope(slope, error):
    with pytest.raises(error, match="PReLU slope"):
        nn.PReLU(slope)


def test_gradient_norms():
    X, y = _classification_data(n=8)
    model = nn.MLP([3, 5, 4, 3], seed=0)
    _, grads = model.loss_and_gradients(X, y)
    norms = nn.gradient_norms(grads)
    assert len(norms) == 3
    assert norms[1] == pytest.approx(np.linalg.norm(grads[1][0]))
    assert [dW.shape for dW, _ in grads] == [W.shape for W, _ in model.parameters]
    assert [db.shape for _, db in grads] == [b.shape for _, b in model.parameters]


# --- training ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def digits_split():
    X, y = data.digits()
    return data.train_val_test_split(X, y, val=0.2, test=0.2, seed=0)


def test_digits_network_learns_fast(digits_split):
    s = digits_split
    model = nn.MLP([64, 128, 10], hidden_activation="relu", output="softmax", init="he_normal")
    start = time.perf_counter()
    history = nn.train(
        model,
        s.X_train,
        s.y_train,
        optimizer=nn.Momentum(lr=0.1, momentum=0.9),
        epochs=30,
        batch_size=32,
        seed=0,
    )
    elapsed = time.perf_counter() - start
    assert history.epochs == 30
    assert len(history.train_accuracy) == len(history.train_loss) == 30
    assert model.accuracy(s.X_val, s.y_val) >= 0.95
    assert model.accuracy(s.X_test, s.y_test) >= 0.95
    assert history.train_loss[-1] < history.train_loss[0]
    assert elapsed < 5.0  # about 0.2 s on two cores; generous for busy CI machines


@pytest.mark.parametrize("optimizer", [nn.SGD(0.1), nn.Momentum(0.05), nn.Adam(0.01)])
def test_training_is_repeatable_bit_for_bit(optimizer):
    X, y = data.moons(n=100, seed=0)

    def run(seed):
        model = nn.MLP([2, 8, 8, 2], hidden_activation="tanh", seed=1)
        history = nn.train(model, X, y, optimizer=optimizer, epochs=5, batch_size=16, seed=seed)
        return model, history

    (m1, h1), (m2, h2), (m3, _) = run(0), run(0), run(1)
    for (W1, b1), (W2, b2) in zip(m1.parameters, m2.parameters, strict=True):
        np.testing.assert_array_equal(W1, W2)
        np.testing.assert_array_equal(b1, b2)
    assert h1 == h2
    assert not np.array_equal(m1.layers[0].W, m3.layers[0].W)  # the seed shuffles


def test_xor_needs_a_hidden_layer():
    X, y = data.xor(n=200, noise=0.1, seed=0)
    mlp = nn.MLP([2, 8, 2], hidden_activation="tanh", init="xavier_normal", seed=0)
    nn.train(mlp, X, y, optimizer=nn.Adam(0.05), epochs=50, batch_size=32)
    assert mlp.accuracy(X, y) >= 0.98
    linear = nn.MLP([2, 2], init="xavier_normal", seed=0)
    nn.train(linear, X, y, optimizer=nn.Adam(0.05), epochs=50, batch_size=32)
    assert linear.accuracy(X, y) <= 0.80  # no line does better than 3 corners of 4


def test_regression_and_binary_heads_train():
    X, y = data.noisy_sine(n=200, noise=0.05, seed=0)
    model = nn.MLP([1, 16, 1], hidden_activation="tanh", output="identity", init="xavier_normal")
    history = nn.train(model, X, y, optimizer=nn.Adam(0.02), epochs=100, batch_size=32)
    assert history.train_accuracy == []
    assert history.train_loss[-1] < 0.01  # noise variance / 2 is 0.00125
    X, y = data.breast_cancer()
    s = data.standardize(data.train_val_test_split(X, y, seed=0))
    clf = nn.MLP([30, 16, 1], hidden_activation="relu", output="sigmoid")
    nn.train(clf, s.X_train, s.y_train, epochs=20)
    assert clf.accuracy(s.X_val, s.y_val) >= 0.93


def test_step_activation_trains_without_learning_its_hidden_layer():
    X, y = data.moons(n=100, seed=0)
    model = nn.MLP([2, 16, 2], hidden_activation="step", seed=0)
    W1 = model.layers[0].W.copy()
    history = nn.train(model, X, y, optimizer=nn.Adam(0.01), epochs=5)
    assert np.all(np.isfinite(history.train_loss))
    np.testing.assert_array_equal(model.layers[0].W, W1)  # zero gradient: never moves
    _, grads = model.loss_and_gradients(X, y)
    assert nn.gradient_norms(grads)[0] == 0.0


def test_divergence_is_reported_not_warned():
    X, y = data.noisy_sine(n=50, seed=0)
    model = nn.MLP([1, 32, 32, 1], hidden_activation="relu", output="identity")
    history = nn.train(model, 100.0 * X, 100.0 * y, optimizer=nn.SGD(10.0), epochs=20)
    assert history.diverged
    assert history.epochs < 20


def test_train_never_changes_the_callers_arrays():
    X, y = data.moons(n=50, seed=0)
    originals = [a.copy() for a in (X, y)]
    for a in (X, y):
        a.setflags(write=False)  # any write into them would raise
    for dtype in (np.float64, np.float32):
        model = nn.MLP([2, 6, 2], seed=0, dtype=dtype)
        nn.train(model, X, y, epochs=2)
        model.forward(X, return_cache=True)
        model.loss(X, y)
        model.predict(X)
        model.accuracy(X, y)
        cache = model.forward(X, return_cache=True)
        model.backward(cache, y)
    for a, original in zip((X, y), originals, strict=True):
        np.testing.assert_array_equal(a, original)


def test_float32_training_keeps_float32():
    X, y = data.moons(n=64, seed=0)
    model = nn.MLP([2, 8, 2], dtype=np.float32)
    for optimizer in (nn.SGD(0.1), nn.Momentum(0.1), nn.Adam(0.01)):
        nn.train(model, X, y, optimizer=optimizer, epochs=2)
        assert all(W.dtype == np.float32 and b.dtype == np.float32 for W, b in model.parameters)


# --- optimizers ------------------------------------------------------------------------------


@pytest.mark.parametrize("optimizer", [nn.SGD(0.1), nn.Momentum(0.05, momentum=0.9), nn.Adam(0.05)])
def test_optimizer_steps_reduce_a_convex_loss(optimizer):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(100, 3))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.3
    model = nn.MLP([3, 1], output="identity", init="small_normal", seed=0)  # linear regression
    params = model.parameters
    W_id = id(params[0][0])
    first = model.loss(X, y)
    losses = [first]
    for _ in range(100):
        _, grads = model.loss_and_gradients(X, y)
        grad_copies = [(dW.copy(), db.copy()) for dW, db in grads]
        optimizer.step(params, grads)
        for (dW, db), (dW0, db0) in zip(grads, grad_copies, strict=True):
            np.testing.assert_array_equal(dW, dW0)  # the gradients are left alone
            np.testing.assert_array_equal(db, db0)
        losses.append(model.loss(X, y))
    assert id(model.parameters[0][0]) == W_id  # updated in place
    assert losses[-1] < 1e-3 * first
    if isinstance(optimizer, nn.SGD):
        assert all(b <= a for a, b in itertools.pairwise(losses))


def test_sgd_momentum_and_adam_update_rules():
    p = np.array([1.0, -1.0])
    g = np.array([0.5, -2.0])
    nn.SGD(0.1).step([p], [g])
    np.testing.assert_allclose(p, [0.95, -0.8])

    p = np.zeros(2)
    momentum = nn.Momentum(0.1, momentum=0.5)
    momentum.step([p], [g])
    momentum.step([p], [g])
    np.testing.assert_allclose(p, -0.1 * g - (0.5 * 0.1 * g + 0.1 * g))

    p = np.zeros(2)
    adam = nn.Adam(0.01)
    adam.step([p], [g])  # the first Adam step is lr * sign(g), up to eps
    np.testing.assert_allclose(p, -0.01 * np.sign(g), rtol=1e-6)
    with pytest.raises(ValueError, match=r"state for parameters of other shapes"):
        adam.step([np.zeros(3)], [np.ones(3)])
    adam.reset()
    adam.step([np.zeros(3)], [np.ones(3)])


def test_optimizer_rejects_mismatched_gradients():
    with pytest.raises(ValueError, match=r"parameter 0 has shape \(2,\) but its gradient"):
        nn.SGD(0.1).step([np.zeros(2)], [np.zeros(3)])
    with pytest.raises(ValueError, match=r"got 2 parameter arrays but 1 gradient"):
        nn.SGD(0.1).step([(np.zeros(2), np.zeros(1))], [np.zeros(2)])


# --- bad input -------------------------------------------------------------------------------

X4 = np.zeros((4, 3))
Y4 = np.array([0, 1, 2, 0])


def _softmax_model():
    return nn.MLP([3, 4, 3], seed=0)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        # the network
        (lambda: nn.MLP([64]), r"at least 2 integers \(inputs and outputs\), got \[64\]"),
        (lambda: nn.MLP([64, 0, 10]), r"layer_sizes\[1\] must be an integer >= 1, got 0"),
        (
            lambda: nn.MLP([3, 4, 2], hidden_activation="relux"),
            r"hidden_activation: unknown activation 'relux' \(did you mean 'relu'\?\)",
        ),
        (lambda: nn.MLP([3, 4, 2], hidden_activation=["tanh", "relu"]), r"lists 2 values, but"),
        (lambda: nn.MLP([3, 4, 4, 2], hidden_activation=["tanh", "nope"]), r"hidden_activation\[1"),
        (lambda: nn.MLP([3, 2], output="softmaxx"), r"unknown output head 'softmaxx'; expected"),
        (lambda: nn.MLP([3, 1], output="softmax"), r"softmax head needs at least 2 outputs"),
        (lambda: nn.MLP([3, 2], init="glorot"), r"unknown initializer 'glorot'; expected one of"),
        (lambda: nn.MLP([3, 2], bias_init=float("nan")), r"bias_init must be a finite number, got"),
        (lambda: nn.MLP([3, 4, 2], bias_init=[0.0]), r"bias_init lists 1 values, but .* 2 layer"),
        (lambda: nn.MLP([3, 2], dtype=np.int64), r"dtype must be float32 or float64, got int64"),
        (lambda: nn.initialize("nope", 2, 2, np.random.default_rng()), r"unknown initializer"),
        (
            lambda: nn.MLP([3, 2], init=lambda i, o, rng: np.zeros((o, i))),
            r"must return an array of shape \(fan_in, fan_out\) = \(3, 2\), got shape \(2, 3\)",
        ),
        # the data
        (lambda: _softmax_model().forward(np.zeros((4, 5))), r"X has 5 features per example, bu"),
        (lambda: _softmax_model().forward(np.zeros(3)), r"2-D array of shape \(n_examples, 3\)"),
        (lambda: _softmax_model().forward(np.zeros((0, 3))), r"X has no examples"),
        (lambda: _softmax_model().forward(np.full((2, 3), np.nan)), r"X contains NaN or infin"),
        (lambda: _softmax_model().loss(X4, Y4[:3]), r"same number of examples: X has 4, y has 3"),
        (lambda: _softmax_model().loss(X4, [0, 1, 3, 0]), r"labels must lie in 0\.\.2 .*0 to 3"),
        (lambda: _softmax_model().loss(X4, [0, 1, -1, 0]), r"labels must lie in 0\.\.2 .*-1 to 1"),
        (lambda: _softmax_model().loss(X4, [0, 1, 0.5, 0]), r"non-integer label\(s\) such as 0\.5"),
        (lambda: _softmax_model().loss(X4, np.eye(3)[Y4]), r"integer class labels of shape \(n,"),
        (lambda: _softmax_model().loss(X4, [0, 1, np.nan, 0]), r"y: .*finite labels"),
        (
            lambda: nn.MLP([3, 1], output="sigmoid").loss(X4, [0, 1, 2, 0]),
            r"labels must lie in 0\.\.1",
        ),
        (lambda: nn.MLP([3, 1], output="identity").loss(X4, np.zeros((4, 2))), r"shape \(n,\)"),
        (lambda: nn.MLP([3, 1], output="identity").predict_proba(X4), r"classification head"),
        (lambda: nn.MLP([3, 1], output="identity").accuracy(X4, Y4), r"classification head"),
        (lambda: _softmax_model().backward(_softmax_model().forward(X4, True), Y4[:2]), r"y has 2"),
        # the optimizers
        (lambda: nn.SGD(0), r"learning rate lr must be a finite number > 0, got 0"),
        (lambda: nn.SGD(-0.1), r"learning rate lr must be a finite number > 0, got -0\.1"),
        (lambda: nn.Momentum(float("nan")), r"learning rate lr must be a finite number > 0"),
        (lambda: nn.Adam(float("inf")), r"learning rate lr must be a finite number > 0, got inf"),
        (lambda: nn.Momentum(0.1, momentum=1.0), r"momentum must be a finite number >= 0 and < 1"),
        (lambda: nn.Adam(beta2=-0.5), r"beta2 must be a finite number >= 0 and < 1"),
        (lambda: nn.Adam(eps=0), r"eps must be a finite number > 0"),
        # training
        (lambda: nn.train(_softmax_model(), X4, Y4, epochs=0), r"epochs must be an integer >= 1"),
        (lambda: nn.train(_softmax_model(), X4, Y4, batch_size=0), r"batch_size must be an int"),
        (lambda: nn.train(_softmax_model(), X4, Y4[:3]), r"X has 4, y has 3"),
    ],
)
def test_bad_input_raises_a_clear_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: nn.Adam(lr="0.1"), r"lr must be a finite number > 0, got str .0\.1."),
        (lambda: nn.Momentum(0.1, momentum=True), r"momentum must be a finite number"),
        (lambda: nn.train(_softmax_model(), X4, Y4, optimizer="adam"), r"optimizer must be SGD"),
        (lambda: nn.train("model", X4, Y4), r"model must be an MLP"),
        (lambda: nn.MLP(64), r"layer_sizes must be a list of at least 2 integers"),
        (lambda: _softmax_model().forward(np.array([["a"] * 3])), r"X must hold real numbers"),
        (lambda: _softmax_model().loss(X4, ["a", "b", "c", "a"]), r"expects numeric labels"),
    ],
)
def test_wrong_types_raise_a_clear_type_error(call, match):
    with pytest.raises(TypeError, match=match):
        call()


def test_backward_from_logits_matches_backward_for_the_matched_head():
    X = np.random.default_rng(3).normal(size=(7, 4))
    y = np.array([0, 1, 2, 1, 0, 2, 2])
    model = nn.MLP([4, 5, 3], hidden_activation="tanh", output="softmax", seed=3)
    cache = model.forward(X, return_cache=True)
    T = np.eye(3)[y]
    from_logits = model.backward_from_logits(cache, (cache.outputs - T) / len(y))
    for (dW1, db1), (dW2, db2) in zip(from_logits, model.backward(cache, y), strict=True):
        np.testing.assert_array_equal(dW1, dW2)
        np.testing.assert_array_equal(db1, db2)


def test_backward_from_logits_of_a_zero_gradient_is_zero():
    X = np.random.default_rng(4).normal(size=(5, 2))
    model = nn.MLP([2, 3, 1], hidden_activation="relu", output="identity", seed=4)
    cache = model.forward(X, return_cache=True)
    grads = model.backward_from_logits(cache, np.zeros((5, 1)))
    assert all(not dW.any() and not db.any() for dW, db in grads)


def test_sizes_that_are_not_integers_raise_a_type_error():
    with pytest.raises(TypeError, match=r"layer_sizes\[1\] must be an integer >= 1, got 12\.5"):
        nn.MLP([64, 12.5, 10])
    with pytest.raises(TypeError, match=r"epochs must be an integer >= 1, got 2\.0"):
        nn.train(
            nn.MLP([2, 3, 1], "relu", "sigmoid", seed=0), np.zeros((4, 2)), np.zeros(4), epochs=2.0
        )


# --- Gated linear units ------------------------------------------------------------------


def test_glu_gates_the_second_half_and_passes_on_half_the_width():
    glu, reglu = nn.GLU("sigmoid"), nn.GLU("relu")
    z = np.array([[2.0, -3.0, 0.0, 1.5], [4.0, 5.0, -1.0, -2.0]])  # u = z[:, :2], v = z[:, 2:]
    u, v = z[:, :2], z[:, 2:]
    sig = 1 / (1 + np.exp(-v))
    np.testing.assert_allclose(glu.forward(z), u * sig, rtol=1e-15)
    np.testing.assert_array_equal(reglu.forward(z), [[0.0, -4.5], [0.0, 0.0]])
    da = np.array([[1.0, 2.0], [3.0, -1.0]])
    dz, params = glu.backward(z, da)
    np.testing.assert_allclose(dz[:, :2], da * sig, rtol=1e-15)  # dL/du = da g(v)
    np.testing.assert_allclose(dz[:, 2:], da * u * sig * (1 - sig), rtol=1e-14)  # da u g'(v)
    assert params == ()
    dz, _ = reglu.backward(z, da)
    np.testing.assert_array_equal(dz, [[0.0, 3.0, 0.0, -6.0], [0.0, 0.0, 0.0, 0.0]])
    assert glu.out_width(8) == 4
    assert [nn.GLU(g).name for g in ("sigmoid", "relu", "gelu", "silu", "tanh")] == [
        "glu", "reglu", "geglu", "swiglu", "tanh_glu"
    ]  # fmt: skip
    assert repr(nn.GLU("silu")) == "GLU(gate='silu')"


def test_an_mlp_with_a_glu_has_half_the_inputs_in_the_next_layer():
    model = nn.MLP([2, 8, 2], nn.GLU("silu"), seed=0)
    assert [layer.W.shape for layer in model.layers] == [(2, 8), (4, 2)]
    assert model.n_parameters == 2 * 8 + 8 + 4 * 2 + 2
    assert model.widths_passed_on == [2, 4]
    assert model.forward(np.ones((3, 2))).shape == (3, 2)
    assert "swiglu" in repr(model)


def test_glu_rejects_an_odd_width_and_a_bad_gate():
    with pytest.raises(ValueError, match="even width"):
        nn.MLP([2, 7, 2], nn.GLU())
    with pytest.raises(TypeError, match="GLU gate: expected a registry activation"):
        nn.GLU(nn.PReLU())
    with pytest.raises(ValueError, match="GLU gate"):
        nn.GLU("swish_me")


def _move_block_params(model, seed=3):
    """Move every block parameter off its start (by up to 0.3) and a batch norm's running
    averages off 0 and 1, so that no check passes only at gamma = 1, beta = 0, mean 0, var 1."""
    rng = np.random.default_rng(seed)
    for g in model.hidden_activations:
        for p in g.params:
            p += rng.uniform(-0.3, 0.3, p.shape)
        if isinstance(g, nn.Norm) and g.kind == "batch":
            mean, var = g.buffers
            mean += rng.uniform(-0.3, 0.3, mean.shape)
            var *= rng.uniform(0.5, 2.0, var.shape)


def _kink_inputs(model, X, training):
    """Per hidden layer, the values a kinked function (relu, a PReLU) sees, computed here from
    the pre-activations and the block's params: the gate input v of a GLU, gamma zhat + beta
    in a Norm, z itself otherwise; None where the function is smooth."""
    cache = model.copy()._forward(np.asarray(X, dtype=np.float64), training)  # buffers kept
    inputs = []
    for g, z in zip(model.hidden_activations, cache.pre_activations[:-1], strict=True):
        if isinstance(g, nn.GLU):
            inputs.append(z[:, z.shape[1] // 2 :] if g.gate.name in KINKED else None)
        elif isinstance(g, nn.Norm):
            if g.kind == "layer":
                mean, var = z.mean(axis=1, keepdims=True), z.var(axis=1, keepdims=True)
            elif training:
                mean, var = z.mean(axis=0), z.var(axis=0)
            else:
                mean, var = g.buffers
            gamma, beta = g.params
            zhat = (z - mean) / np.sqrt(var + g.eps)
            inputs.append(gamma * zhat + beta if g.then.name in KINKED else None)
        else:
            inputs.append(z if isinstance(g, nn.PReLU) or g.name in KINKED else None)
    return inputs


def _assert_blocks_away_from_kinks(model, X, training, margin=1e-4):
    for layer, v in enumerate(_kink_inputs(model, X, training), start=1):
        assert v is None or np.abs(v).min() > margin, f"layer {layer} is at a kink"


BLOCKS_TO_CHECK = [
    nn.GLU("sigmoid"),
    nn.GLU("relu"),
    nn.GLU("gelu"),
    nn.GLU("silu"),
    nn.Norm("layer", "tanh"),
    nn.Norm("layer", "relu"),
    nn.Norm("batch", "sigmoid"),
    nn.Norm("batch", "relu"),
]


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("block", BLOCKS_TO_CHECK, ids=repr)
def test_block_gradients_match_finite_differences(block, training):
    X, y = _classification_data(n=9, d=4, k=3, seed=5)
    model = nn.MLP([4, 6, 6, 3], block, bias_init=0.1, seed=1)  # no all-zero rows reach a kink
    _move_block_params(model)
    _assert_blocks_away_from_kinks(model, X, training)
    errors = _assert_gradients_ok(model, X, y, training=training)
    if isinstance(block, nn.Norm) and block.kind == "batch":  # the bias before it: no effect
        assert (errors["b1"] == 0.0 and errors["b2"] == 0.0) == training


def test_kink_inputs_of_a_norm_are_what_its_activation_sees():
    """_kink_inputs recomputes gamma zhat + beta by hand: relu of it must be the block's output."""
    X, _ = _classification_data(n=9, d=4, k=3, seed=5)
    for block in (nn.Norm("layer", "relu"), nn.Norm("batch", "relu")):
        model = nn.MLP([4, 6, 6, 3], block, bias_init=0.1, seed=1)
        _move_block_params(model)
        for training in (True, False):
            inputs = _kink_inputs(model, X, training)
            cache = model.copy()._forward(X, training)
            for v, a in zip(inputs, cache.activations[:-1], strict=True):
                np.testing.assert_allclose(np.maximum(v, 0.0), a, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("training", [True, False])
def test_a_mixed_stack_of_blocks_backpropagates(training):
    X, y = _classification_data(n=9, d=4, k=3, seed=6)
    model = nn.MLP([4, 8, 6, 5, 3], [nn.GLU("silu"), nn.Norm("batch", "tanh"), nn.PReLU()])
    _move_block_params(model)
    _assert_blocks_away_from_kinks(model, X, training)
    errors = _assert_gradients_ok(model, X, y, training=training)
    assert {"g2", "c2", "a3"} <= set(errors)
    # the bias before batch norm has no effect in training (the batch mean absorbs it),
    # but it does at inference, where the running mean is a constant
    assert (errors["b2"] == 0.0) == training


class _ThreeParams(nn.Block):
    """A toy block with three params, a = p1 z + p2 tanh(z) + p3, to check that the MLP and
    gradient_check handle any number of block parameters per layer."""

    name = "three_params"

    def build(self, width, dtype):
        block = _ThreeParams()
        rng = np.random.default_rng(width)
        block.params = tuple(rng.uniform(0.5, 1.5, size).astype(dtype) for size in (width,) * 2)
        block.params += (np.array([0.2], dtype=dtype),)
        return block

    def forward(self, z, training=False):
        p1, p2, p3 = self.params
        return p1 * z + p2 * np.tanh(z) + p3

    def backward(self, z, da, training=True):
        p1, p2, _ = self.params
        dz = da * (p1 + p2 * (1.0 - np.tanh(z) ** 2))
        return dz, ((da * z).sum(axis=0), (da * np.tanh(z)).sum(axis=0), np.array([da.sum()]))


def test_gradient_check_handles_any_number_of_block_params(monkeypatch):
    X, y = _classification_data(n=7, d=3, k=3, seed=1)
    model = nn.MLP([3, 4, 5, 3], [_ThreeParams(), "tanh"], seed=0)
    assert [len(arrays) for arrays in model.parameters] == [5, 2, 2]
    assert model.n_parameters == 3 * 4 + 4 + 4 + 4 + 1 + 4 * 5 + 5 + 5 * 3 + 3
    errors = _assert_gradients_ok(model, X, y)
    assert {"p1_1", "p2_1", "p3_1"} <= set(errors) and "p1_2" not in errors
    backward = _ThreeParams.backward

    def wrong_p2(self, z, da, training=True):  # the check must notice a 1% error in one array
        dz, (d1, d2, d3) = backward(self, z, da, training)
        return dz, (d1, 1.01 * d2, d3)

    monkeypatch.setattr(_ThreeParams, "backward", wrong_p2)
    errors = gradient_check(model, X, y)
    assert errors["p2_1"] > 1e-3 and errors["p1_1"] < 1e-6 and errors["W1"] < 1e-6


# --- Normalization ---------------------------------------------------------------------


def test_layer_norm_standardizes_each_example_in_both_modes():
    block = nn.Norm("layer", "identity").build(5, np.float64)
    z = np.random.default_rng(0).normal(3.0, 2.0, size=(4, 5))
    outputs = []
    for training in (True, False):
        a = block.forward(z, training)
        np.testing.assert_allclose(a.mean(axis=1), 0.0, atol=1e-12)
        # var(zhat) = var / (var + eps): 1 up to eps
        np.testing.assert_allclose(a.var(axis=1), z.var(axis=1) / (z.var(axis=1) + 1e-5))
        np.testing.assert_allclose(a.var(axis=1), 1.0, rtol=1e-4)
        outputs.append(a)
    np.testing.assert_array_equal(outputs[0], outputs[1])  # the same in both modes
    for buffer, start in zip(block.buffers, (0.0, 1.0), strict=False):  # not batch norm's
        np.testing.assert_array_equal(buffer, start)


def test_batch_norm_uses_batch_statistics_in_training_and_running_averages_at_inference():
    block = nn.Norm("batch", "identity", momentum=0.1).build(3, np.float64)
    rng = np.random.default_rng(1)
    z = rng.normal([1.0, -2.0, 5.0], [1.0, 3.0, 0.5], size=(6, 3))
    a = block.forward(z, training=True)
    np.testing.assert_allclose(a.mean(axis=0), 0.0, atol=1e-12)  # each unit over the batch
    np.testing.assert_allclose(a.var(axis=0), 1.0, rtol=1e-3)  # 1 up to eps
    np.testing.assert_allclose(a, (z - z.mean(axis=0)) / np.sqrt(z.var(axis=0) + 1e-5))
    mean, var = block.buffers
    np.testing.assert_allclose(mean, 0.1 * z.mean(axis=0))  # 0.9 * 0 + 0.1 * batch mean
    n = len(z)
    unbiased = ((z - z.mean(axis=0)) ** 2).sum(axis=0) / (n - 1)
    np.testing.assert_allclose(var, 0.9 * 1.0 + 0.1 * unbiased)  # from 1, unbiased variance
    before = [b.copy() for b in block.buffers]
    a = block.forward(z, training=False)
    np.testing.assert_allclose(a, (z - mean) / np.sqrt(var + 1e-5))
    for b, old in zip(block.buffers, before, strict=True):
        np.testing.assert_array_equal(b, old)  # inference leaves them alone
    # a second training step averages from where the first left off
    z2 = rng.normal(0.0, 2.0, size=(4, 3))
    block.forward(z2, training=True)
    np.testing.assert_allclose(mean, 0.9 * before[0] + 0.1 * z2.mean(axis=0))
    np.testing.assert_allclose(var, 0.9 * before[1] + 0.1 * z2.var(axis=0, ddof=1))


def test_batch_norm_applies_gamma_beta_and_then_in_both_modes():
    block = nn.Norm("batch", "tanh", momentum=0.5).build(2, np.float64)
    gamma, beta = block.params
    gamma[...], beta[...] = [2.0, -0.5], [0.1, 0.3]
    mean, var = block.buffers
    mean[...], var[...] = [1.0, -1.0], [4.0, 0.25]
    z = np.array([[3.0, 0.0], [1.0, -2.0], [-1.0, 2.0]])
    at_inference = np.tanh(gamma * (z - [1.0, -1.0]) / np.sqrt(np.array([4.0, 0.25]) + 1e-5) + beta)
    np.testing.assert_allclose(block.forward(z, training=False), at_inference)
    # batch: unit 0 has mean 1, variance 8/3; unit 1 mean 0, variance 8/3
    zhat = (z - [1.0, 0.0]) / np.sqrt(8.0 / 3.0 + 1e-5)
    np.testing.assert_allclose(block.forward(z, training=True), np.tanh(gamma * zhat + beta))
    np.testing.assert_allclose(mean, [1.0, -0.5])  # 0.5 * old + 0.5 * batch mean
    np.testing.assert_allclose(var, [0.5 * 4.0 + 0.5 * 4.0, 0.5 * 0.25 + 0.5 * 4.0])  # 8/2 = 4


def test_a_model_at_inference_leaves_the_running_averages_alone():
    X, y = _classification_data(n=8, d=3, k=2, seed=2)
    model = nn.MLP([3, 4, 2], nn.Norm("batch", "relu"), bias_init=0.3, seed=0)
    mean, var = model.hidden_activations[0].buffers
    model.forward(X)
    model.forward(X, return_cache=True)
    model.predict(X), model.predict_proba(X), model.loss(X, y), model.accuracy(X, y)
    np.testing.assert_array_equal(mean, 0.0)
    np.testing.assert_array_equal(var, 1.0)
    model.forward(X, training=True)
    z = X @ model.layers[0].W + model.layers[0].b  # the first layer's pre-activations
    np.testing.assert_allclose(mean, 0.1 * z.mean(axis=0))
    np.testing.assert_allclose(var, 0.9 + 0.1 * z.var(axis=0, ddof=1))


def test_batch_norm_trains_and_copies_keep_the_running_averages():
    X, y = data.moons(n=200, seed=0)
    model = nn.MLP([2, 8, 8, 2], nn.Norm("batch", "relu"), seed=0)
    nn.train(model, X, y, optimizer=nn.Adam(lr=0.01), epochs=20)
    assert model.accuracy(X, y) > 0.9
    for g in model.hidden_activations:  # training moved them
        assert np.all(g.buffers[0] != 0.0) and np.all(g.buffers[1] != 1.0)
    clone, single = model.copy(), model.copy(dtype=np.float32)
    np.testing.assert_array_equal(clone.forward(X), model.forward(X))
    np.testing.assert_allclose(single.forward(X), model.forward(X), atol=1e-5)
    for mine, theirs, narrow in zip(
        clone.hidden_activations, model.hidden_activations, single.hidden_activations, strict=True
    ):
        for b, c, f in zip(mine.buffers, theirs.buffers, narrow.buffers, strict=True):
            np.testing.assert_array_equal(b, c)
            assert b is not c
            assert f.dtype == np.float32
            np.testing.assert_allclose(f, c, rtol=1e-6)
    before = [b.copy() for g in model.hidden_activations for b in g.buffers]
    clone.forward(X[:50], training=True)  # moving the clone's averages leaves the model's
    after = [b for g in model.hidden_activations for b in g.buffers]
    for b, old in zip(after, before, strict=True):
        np.testing.assert_array_equal(b, old)


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"kind": "group"}, ValueError, "normalization"),
        ({"eps": 0.0}, ValueError, "eps"),
        ({"eps": -1.0}, ValueError, "eps"),
        ({"momentum": 0.0}, ValueError, "momentum"),
        ({"momentum": 1.0}, ValueError, "momentum"),
        ({"momentum": -0.1}, ValueError, "momentum"),
        ({"momentum": 1.5}, ValueError, "momentum"),
        ({"then": nn.PReLU()}, TypeError, "Norm then"),
        ({"then": nn.GLU()}, TypeError, "Norm then"),
        ({"then": "swish_me"}, ValueError, "Norm then"),
    ],
)
def test_norm_rejects_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        nn.Norm(**kwargs)
