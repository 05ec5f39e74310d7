/**
 * Stage 4, metrics: the exact ROC (ties grouped), AUROC, FPR95 and the other OOD metrics from ID and OOD scores, bootstrap intervals. Takes two score arrays; gives numbers.
 */
package dev.oodbench.metrics;
