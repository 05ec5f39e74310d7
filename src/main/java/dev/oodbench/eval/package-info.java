/**
 * Stage 5, eval: model x detectors x (ID set, OOD sets) to metric rows; fit data collected through the model and cached. Takes a model, detectors and set names; gives {@code EvalRow}s.
 */
package dev.oodbench.eval;
