import Inference

/// Lecture 8 — the Laplace approximation — as functions of one ``Settings`` value.
///
/// Streams of the seed: the sinusoid's data from stream 110, its MAP's initial weights from 111,
/// its NN predictive's draws from 112 and its test points from 113; the running example's MAP
/// from stream 200 (the comparison's MAP: the same network, start and steps), its NN predictive
/// from 114; the heteroscedastic example from 115 (data), 116 (initial weights) and 117 (test points); the running
/// example and the NUTS reference as in ``ReferencePosterior``.
public enum LaplaceChapter {}
