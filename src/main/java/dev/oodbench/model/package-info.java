/**
 * Stage 2, model: a loaded SavedModel on a device ({@link dev.oodbench.model.Classifier}) and the shipped-model catalog; the calibration matmul kernel. Takes images; gives logits, penultimate features, stage activations and the final layer's weights.
 */
package dev.oodbench.model;
