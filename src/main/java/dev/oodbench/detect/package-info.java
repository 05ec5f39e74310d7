/**
 * Stage 3, detect: one class per post-hoc OOD detector, fitted once on ID training outputs and scored in the model's graph, each with a float64 reference; the detector catalog. Takes model outputs (arrays and graph operands); gives one score per image (higher = more anomalous).
 */
package dev.oodbench.detect;
