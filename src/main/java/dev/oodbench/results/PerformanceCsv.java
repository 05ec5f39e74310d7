package dev.oodbench.results;

import java.util.List;

/**
 * The performance CSV (schema 1): one row per benchmark x parameters. {@code score} is JMH's
 * average time per batch (ms/op) with its 99.9% error, {@code images_per_s} = batch size / time,
 * {@code overhead_vs_forward} = score-path time / forward-path time - 1 (same model, batch size,
 * device, threads). {@code status}: ok, skipped (e.g. gpu without a GPU) or failed, with a note.
 */
public final class PerformanceCsv {
    public static final String SCHEMA_VERSION = "1";
    public static final List<String> COLUMNS = List.of("schema_version", "run_id", "timestamp_utc", "suite_version",
            "git_commit", "benchmark", "model", "detector", "batch_size", "device", "threads", "mode", "score",
            "score_error", "unit", "images_per_s", "overhead_vs_forward", "status", "note", "forks", "iterations",
            "host", "cpu", "cores", "gpu", "java_version", "tf_version", "jvm_args");

    /** The columns compare and report need. */
    public static final List<String> REQUIRED = List.of("benchmark", "model", "detector", "batch_size", "device",
            "threads", "score", "score_error", "status", "images_per_s");

    private PerformanceCsv() {}
}
