/**
 * Stage 6, results: run identity (version, commit, hardware), the performance and accuracy row types and CSV schemas, the benchmark names, JMH JSON import, checks on read, atomic writes. Takes rows; gives files, and rows back from them.
 */
package dev.oodbench.results;
