/**
 * Building, training and exporting the shipped models in Java (graph-mode TensorFlow): training exports for warm restarts, inference exports (batch norm folded) for shipping. Takes datasets; gives SavedModels.
 */
package dev.oodbench.train;
