/**
 * The benchmark run behind {@code mvn verify -Pbench} and {@code oodbench bench} (JMH combinations in random order, paired overheads, calibration, accuracy), and {@code oodbench ab} (two versions interleaved in forked workers). A shell that wires the stages together; no statistics live here.
 */
package dev.oodbench.suite;
