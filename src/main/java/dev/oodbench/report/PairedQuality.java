package dev.oodbench.report;

import dev.oodbench.eval.SampleScores;
import dev.oodbench.metrics.DeLong;
import dev.oodbench.metrics.PairedBootstrap;
import dev.oodbench.results.AccuracyCsv;
import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.RunData;
import dev.oodbench.results.ScoreStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Paired quality verdicts: when both sides of a quality row scored the same images (the same dataset
 * fingerprints, and per-sample scores kept in both runs' {@link ScoreStore}), the change is judged
 * sample by sample. AUROC by DeLong's paired test ({@link DeLong}); FPR95, AUPR-In and AUPR-Out by a
 * paired stratified bootstrap ({@link PairedBootstrap}; TNR95 is 1 - FPR95, its interval the mirror
 * image, named in the FPR95 row). A near/far group average is paired the same way over its member sets.
 *
 * <p>Rows whose sets have different fingerprints were measured on different data: they are refused
 * (verdict {@value #DATA_DIFFERS}, one line saying which set). Rows without scores or fingerprints on a
 * side cannot be paired: {@link #judge} says why, and the caller falls back to the unpaired rule
 * ({@value #UNPAIRED}). Every row names the method that made it.
 *
 * <p>The verdict rule is speed's ({@link SpeedVerdict}) on a difference: with threshold {@code t}, a
 * higher-is-better metric (AUROC, AUPR) is a regression when the whole interval is below {@code -t},
 * an improvement when it is above {@code t}, no change when it lies inside {@code [-t, t]}, and
 * inconclusive when it straddles {@code -t} or {@code t}; a lower-is-better metric (FPR95) mirrors it.
 * The confidence level is an argument, so a run-wide correction can set it.
 */
public final class PairedQuality {
    public static final String DELONG = "DeLong paired";
    public static final String PAIRED_BOOTSTRAP = "paired bootstrap";
    public static final String UNPAIRED = "unpaired bootstrap (fallback)";
    /** The verdict of a row whose two sides were evaluated on different data. */
    public static final String DATA_DIFFERS = Compare.NOT_COMPARABLE;
    public static final int DEFAULT_RESAMPLES = 1000;
    /** The metrics of a paired row, in output order; AUPR uses the AUROC threshold, FPR95 its own. */
    public static final List<String> METRICS = List.of("auroc", "fpr95", "aupr_in", "aupr_out");

    /** Paired rows, or why the pair could not be paired ({@code fallback}: use the unpaired rule). */
    public record Outcome(List<Compare.Row> rows, String fallback) {
        public boolean paired() {
            return fallback == null;
        }
    }

    private final double aurocDrop;
    private final double fpr95Rise;
    private final double confidence;
    private final int resamples;
    private final Map<Path, SampleScores> cache = new HashMap<>();

    public PairedQuality(double aurocDrop, double fpr95Rise, double confidence, int resamples) {
        if (!(aurocDrop >= 0) || !(fpr95Rise >= 0)) throw new IllegalArgumentException("thresholds must be >= 0");
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
        if (resamples < 2) throw new IllegalArgumentException("resamples must be at least 2: " + resamples);
        this.aurocDrop = aurocDrop;
        this.fpr95Rise = fpr95Rise;
        this.confidence = confidence;
        this.resamples = resamples;
    }

    public double confidence() {
        return confidence;
    }

    /**
     * The verdict on a difference candidate - baseline with interval {@code [lo, hi]}: beyond
     * {@code threshold} only when the whole interval is (see the class comment).
     */
    public static String verdict(double lo, double hi, double threshold, boolean lowerIsBetter) {
        if (lowerIsBetter) return verdict(-hi, -lo, threshold, false);
        if (Double.isNaN(lo) || Double.isNaN(hi)) return Compare.INCONCLUSIVE;
        if (hi < -threshold) return Compare.REGRESSION;
        if (lo > threshold) return Compare.IMPROVEMENT;
        if (lo >= -threshold && hi <= threshold) return Compare.NO_CHANGE;
        return Compare.INCONCLUSIVE;
    }

    /** Whether lower values of {@code metric} are better (FPR95). */
    static boolean lowerIsBetter(String metric) {
        return metric.equals("fpr95");
    }

    private double threshold(String metric) {
        return lowerIsBetter(metric) ? fpr95Rise : aurocDrop;
    }

    // ---------------------------------------------------------------- joining rows

    /** Two rows joined across the runs (either may be null: only on one side); {@code paramsNote} when their parameters differ. */
    public record Pair(AccuracyRow base, AccuracyRow cand, String paramsNote) {}

    /**
     * Joins quality rows by (model, detector, parameters, ID set, OOD set); a row left over on each side
     * with the same (model, detector, ID set, OOD set) and nothing else to pair with is joined to it,
     * its parameter difference named. Of duplicate keys, the row that ran is kept. Baseline order, then
     * rows only in the candidate.
     */
    public static List<Pair> join(List<AccuracyRow> base, List<AccuracyRow> cand) {
        Map<List<String>, AccuracyRow> b = index(base);
        Map<List<String>, AccuracyRow> c = index(cand);
        Map<List<String>, List<List<String>>> leftB = new LinkedHashMap<>();
        Map<List<String>, List<List<String>>> leftC = new LinkedHashMap<>();
        for (List<String> k : b.keySet()) if (!c.containsKey(k)) leftB.computeIfAbsent(k.subList(0, 4), x -> new ArrayList<>()).add(k);
        for (List<String> k : c.keySet()) if (!b.containsKey(k)) leftC.computeIfAbsent(k.subList(0, 4), x -> new ArrayList<>()).add(k);
        Map<List<String>, List<String>> partner = new HashMap<>();
        for (Map.Entry<List<String>, List<List<String>>> e : leftB.entrySet()) {
            List<List<String>> other = leftC.get(e.getKey());
            if (e.getValue().size() == 1 && other != null && other.size() == 1) partner.put(e.getValue().get(0), other.get(0));
        }
        List<Pair> out = new ArrayList<>();
        Set<List<String>> usedC = new HashSet<>();
        for (Map.Entry<List<String>, AccuracyRow> e : b.entrySet()) {
            List<String> k = e.getKey();
            if (c.containsKey(k)) {
                out.add(new Pair(e.getValue(), c.get(k), ""));
                usedC.add(k);
            } else if (partner.containsKey(k)) {
                List<String> kc = partner.get(k);
                usedC.add(kc);
                out.add(new Pair(e.getValue(), c.get(kc), "parameters differ: " + dash(k.get(4)) + " -> " + dash(kc.get(4))));
            } else {
                out.add(new Pair(e.getValue(), null, ""));
            }
        }
        for (Map.Entry<List<String>, AccuracyRow> e : c.entrySet()) {
            if (!usedC.contains(e.getKey())) out.add(new Pair(null, e.getValue(), ""));
        }
        return out;
    }

    private static Map<List<String>, AccuracyRow> index(List<AccuracyRow> rows) {
        Map<List<String>, AccuracyRow> m = new LinkedHashMap<>();
        for (AccuracyRow r : rows) {
            List<String> k = List.of(r.model(), r.detector(), r.idDataset(), r.oodDataset(), r.detectorParams());
            AccuracyRow prev = m.get(k);
            if (prev == null || !prev.ok() && r.ok()) m.put(k, r);
        }
        return m;
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "(none)" : s;
    }

    // ---------------------------------------------------------------- judging a pair

    /**
     * Paired rows for two rows that both ran, or the reason they cannot be paired. {@code key} is the
     * row key of the comparison (the method and any parameter difference are added to the details).
     */
    public Outcome judge(RunData base, AccuracyRow rb, RunData cand, AccuracyRow rc, Map<String, String> key,
                         String paramsNote) {
        String idB = rb.idFingerprint();
        String idC = rc.idFingerprint();
        String oodB = rb.oodFingerprint();
        String oodC = rc.oodFingerprint();
        if (!idB.isEmpty() && !idC.isEmpty() && !idB.equals(idC)) {
            return refused(key, rb, rc, "ID set " + rb.idDataset() + " differs (fingerprint " + idB + " vs " + idC + ")");
        }
        if (!oodB.isEmpty() && !oodC.isEmpty() && !oodB.equals(oodC)) {
            return refused(key, rb, rc, "OOD set " + rb.oodDataset() + " differs (fingerprint " + oodB + " vs " + oodC + ")");
        }
        if (idB.isEmpty() || idC.isEmpty() || oodB.isEmpty() || oodC.isEmpty()) {
            return new Outcome(List.of(), "no dataset fingerprint on " + side(idB.isEmpty() || oodB.isEmpty(),
                    idC.isEmpty() || oodC.isEmpty()));
        }
        Path dirB = folder(base);
        Path dirC = folder(cand);
        List<AccuracyRow> setsB = rb.isAverage() ? members(base, rb) : List.of(rb);
        List<AccuracyRow> setsC = rc.isAverage() ? members(cand, rc) : List.of(rc);
        if (setsB.isEmpty() || !setsB.stream().map(AccuracyRow::oodDataset).toList()
                .equals(setsC.stream().map(AccuracyRow::oodDataset).toList())) {
            return new Outcome(List.of(), "the group's member sets differ between the sides");
        }
        SampleScores sIdB = scores(dirB, rb, rb.idDataset());
        SampleScores sIdC = scores(dirC, rc, rc.idDataset());
        List<double[]> oB = new ArrayList<>();
        List<double[]> oC = new ArrayList<>();
        boolean missB = sIdB == null;
        boolean missC = sIdC == null;
        for (int i = 0; i < setsB.size(); i++) {
            SampleScores b = scores(dirB, setsB.get(i), setsB.get(i).oodDataset());
            SampleScores c = scores(dirC, setsC.get(i), setsC.get(i).oodDataset());
            missB |= b == null;
            missC |= c == null;
            if (b == null || c == null) continue;
            String mismatch = mismatch(b, setsB.get(i).oodFingerprint(), c, setsC.get(i).oodFingerprint());
            if (mismatch != null) return new Outcome(List.of(), mismatch);
            oB.add(b.scores());
            oC.add(c.scores());
        }
        if (missB || missC) return new Outcome(List.of(), "no saved scores on " + side(missB, missC));
        String mismatch = mismatch(sIdB, idB, sIdC, idC);
        if (mismatch != null) return new Outcome(List.of(), mismatch);
        DeLong.Difference auroc = DeLong.pairedAverage(sIdB.scores(), oB, sIdC.scores(), oC, confidence);
        Map<String, DeLong.Difference> boot = PairedBootstrap.pairedAverage(sIdB.scores(), oB, sIdC.scores(), oC,
                resamples, 0, confidence);
        List<Compare.Row> rows = new ArrayList<>();
        String sets = rb.isAverage() ? " over " + oB.size() + " sets" : "";
        for (String m : METRICS) {
            DeLong.Difference d = m.equals("auroc") ? auroc : boot.get(m);
            String method = m.equals("auroc") ? DELONG : PAIRED_BOOTSTRAP;
            String extra = m.equals("fpr95") ? String.format(Locale.ROOT, "; TNR95 %.4f -> %.4f",
                    boot.get("tnr95").baseline(), boot.get("tnr95").candidate()) : "";
            rows.add(row(key, m, d, method, String.format(Locale.ROOT, "%s, %d ID + %d OOD images%s%s%s",
                    method.equals(DELONG) ? "DeLong paired test" : "paired stratified bootstrap, " + resamples
                            + " resamples", sIdB.scores().length, oB.stream().mapToInt(x -> x.length).sum(), sets, extra,
                    paramsNote.isEmpty() ? "" : "; " + paramsNote)));
        }
        return new Outcome(rows, null);
    }

    /** One paired metric row. */
    private Compare.Row row(Map<String, String> key, String metric, DeLong.Difference d, String method, String how) {
        String verdict = verdict(d.lo(), d.hi(), threshold(metric), lowerIsBetter(metric));
        String detail = String.format(Locale.ROOT, "%s %.4f -> %.4f (%+.4f, %s%% interval %+.4f..%+.4f; %s)",
                label(metric), d.baseline(), d.candidate(), d.estimate(), percent(confidence), d.lo(), d.hi(), how);
        return new Compare.Row("quality", metric, key, d.baseline(), d.candidate(), d.estimate(), d.lo(), d.hi(), verdict,
                detail, method);
    }

    /** 0.99 as "99", 0.999 as "99.9". */
    static String percent(double confidence) {
        return java.math.BigDecimal.valueOf(100 * confidence).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    static String label(String metric) {
        return switch (metric) {
            case "auroc" -> "AUROC";
            case "fpr95" -> "FPR95";
            case "aupr_in" -> "AUPR-In";
            case "aupr_out" -> "AUPR-Out";
            default -> metric;
        };
    }

    private Outcome refused(Map<String, String> key, AccuracyRow rb, AccuracyRow rc, String why) {
        String detail = why + ": evaluated on different data, not compared; evaluate both on the same data";
        return new Outcome(List.of(new Compare.Row("quality", "", key, rb.auroc(), rc.auroc(), Double.NaN, Double.NaN,
                Double.NaN, DATA_DIFFERS, detail, "refused: data differs")), null);
    }

    /** Why two sides' score files of one set cannot pair, or null when they can. */
    private static String mismatch(SampleScores b, String rowB, SampleScores c, String rowC) {
        if (!b.fingerprint().equals(rowB) || !c.fingerprint().equals(rowC)) {
            return "the saved scores of " + b.dataset() + " are of other data than the row (fingerprint "
                    + b.fingerprint() + "/" + c.fingerprint() + " vs " + rowB + "/" + rowC + ")";
        }
        if (b.scores().length != c.scores().length || !b.order().equals(c.order())) {
            return "the saved scores of " + b.dataset() + " differ in samples (" + b.scores().length + " " + b.order()
                    + " vs " + c.scores().length + " " + c.order() + ")";
        }
        return null;
    }

    private static String side(boolean base, boolean cand) {
        return base && cand ? "either side" : base ? "the baseline side" : "the candidate side";
    }

    /** The member rows of a group average, in the run's order. */
    private static List<AccuracyRow> members(RunData run, AccuracyRow avg) {
        List<AccuracyRow> out = new ArrayList<>();
        for (AccuracyRow r : run.accuracy()) {
            if (r.ok() && !r.isAverage() && r.model().equals(avg.model()) && r.detector().equals(avg.detector())
                    && r.detectorParams().equals(avg.detectorParams()) && r.idDataset().equals(avg.idDataset())
                    && r.oodGroup().equals(avg.oodGroup())) {
                out.add(r);
            }
        }
        return out;
    }

    /** The run folder whose scores/ belong to {@code run}: the folder itself, or the folder of its accuracy.csv. */
    static Path folder(RunData run) {
        Path s = run.source();
        if (Files.isDirectory(s)) return s;
        Path parent = s.toAbsolutePath().getParent();
        return s.getFileName().toString().equals(AccuracyCsv.FILE_NAME) ? parent : null;
    }

    private SampleScores scores(Path dir, AccuracyRow r, String dataset) {
        if (dir == null) return null;
        Path f = ScoreStore.path(dir, r.model(), r.detector(), r.detectorParams(), dataset);
        try {
            if (!cache.containsKey(f)) cache.put(f, Files.isRegularFile(f) ? ScoreStore.read(f) : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SampleScores s = cache.get(f);
        return s == null || !Objects.equals(s.params(), r.detectorParams()) ? null : s;
    }
}
