package dev.oodbench.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Every detector by name, with its defaults and paper. {@code create("vim", Map.of("dim", "32"))}
 * builds one; unknown names and unknown or malformed parameters are clear errors.
 */
public final class DetectorCatalog {
    /** One catalog entry: name, default parameters, whether it is cheap (no per-sample search or extra pass), paper. */
    public record Entry(String name, Map<String, String> defaults, boolean cheap, String paper,
                        Function<Params, Detector> factory) {}

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add("mls", Map.of(), true, "Hendrycks et al., Scaling OOD Detection for Real-World Settings, ICML 2022",
                p -> new MaxLogit());
        add("msp", Map.of(), true, "Hendrycks & Gimpel, A Baseline for Detecting Misclassified and OOD Examples, ICLR 2017",
                p -> new MaxSoftmax());
        add("temp-scaling", ordered("temperature", MaxSoftmax.DEFAULT_SCALED_TEMPERATURE), true,
                "Guo et al., On Calibration of Modern Neural Networks, ICML 2017 (MSP at temperature T)",
                p -> new MaxSoftmax("temp-scaling", p.dbl("temperature")));
        add("energy", ordered("temperature", Energy.DEFAULT_TEMPERATURE), true, "Liu et al., Energy-based OOD Detection, NeurIPS 2020",
                p -> new Energy(p.dbl("temperature")));
        add("cross-entropy", Map.of(), true,
                "Hendrycks et al., Deep Anomaly Detection with Outlier Exposure, ICLR 2019 (mean logit - logsumexp)",
                p -> new CrossEntropyScore());
        add("entropy", Map.of(), true, "Shannon entropy of the softmax (baseline in oodeel, pytorch-ood)",
                p -> new Entropy());
        add("vim", ordered("dim", Vim.AUTO_DIM), true, "Wang et al., ViM: OOD with Virtual-logit Matching, CVPR 2022",
                p -> p.isAuto("dim") ? new Vim() : new Vim(p.integer("dim")));
        add("mahalanobis", Map.of(), true, "Lee et al., A Simple Unified Framework for Detecting OOD Samples, NeurIPS 2018",
                p -> new Mahalanobis());
        add("knn", ordered("k", Knn.DEFAULT_K, "bank_fraction", Knn.DEFAULT_BANK_FRACTION, "seed", Bank.SEED), false,
                "Sun et al., OOD Detection with Deep Nearest Neighbors, ICML 2022",
                p -> new Knn(p.integer("k"), p.dbl("bank_fraction"), p.integer("seed")));
        add("gen", ordered("gamma", Gen.DEFAULT_GAMMA, "M", Gen.DEFAULT_M), true,
                "Liu et al., GEN: Pushing the Limits of Softmax-Based OOD Detection, CVPR 2023",
                p -> new Gen(p.dbl("gamma"), p.integer("M")));
        add("kl-matching", Map.of(), true, "Hendrycks et al., Scaling OOD Detection for Real-World Settings, ICML 2022",
                p -> new KlMatching());
        add("rmds", Map.of(), true, "Ren et al., A Simple Fix to Mahalanobis Distance for Near-OOD Detection, 2021",
                p -> new Rmds());
        add("residual", ordered("dim", Residual.AUTO_DIM), true, "Wang et al., ViM, CVPR 2022 (feature-only residual baseline)",
                p -> p.isAuto("dim") ? new Residual() : new Residual(p.integer("dim")));
        add("she", Map.of(), true, "Zhang et al., OOD Detection based on ID Data Patterns Memorization (SHE), ICLR 2023",
                p -> new She());
        add("react", ordered("percentile", React.DEFAULT_PERCENTILE, "score", LogitHead.DEFAULT.id()), true,
                "Sun et al., ReAct: OOD Detection With Rectified Activations, NeurIPS 2021",
                p -> new React(p.dbl("percentile"), p.str("score")));
        for (Ash.Variant v : Ash.Variant.values()) {
            add("ash-" + v.name().toLowerCase(Locale.ROOT), ordered("percentile", Ash.DEFAULT_PERCENTILE, "score", LogitHead.DEFAULT.id(),
                            "on", Ash.DEFAULT_ON), true,
                    "Djurisic et al., Extremely Simple Activation Shaping for OOD Detection, ICLR 2023",
                    p -> new Ash(v, p.dbl("percentile"), p.str("score"), p.str("on")));
        }
        add("scale", ordered("percentile", Scale.DEFAULT_PERCENTILE, "score", LogitHead.DEFAULT.id(), "on", Scale.DEFAULT_ON), true,
                "Xu et al., Scaling for Training Time and Post-hoc OOD Detection Enhancement, ICLR 2024",
                p -> new Scale(p.dbl("percentile"), p.str("score"), p.str("on")));
        add("dice", ordered("sparsity", Dice.DEFAULT_SPARSITY, "score", LogitHead.DEFAULT.id()), true,
                "Sun & Li, DICE: Leveraging Sparsification for OOD Detection, ECCV 2022",
                p -> new Dice(p.dbl("sparsity"), p.str("score")));
        add("odin", ordered("temperature", Odin.DEFAULT_TEMPERATURE, "epsilon", Odin.DEFAULT_EPSILON), false,
                "Liang et al., Enhancing the Reliability of OOD Image Detection (ODIN), ICLR 2018",
                p -> new Odin(p.dbl("temperature"), p.dbl("epsilon")));
        add("iodin", ordered("temperature", Odin.DEFAULT_TEMPERATURE, "epsilon", Odin.DEFAULT_EPSILON), false,
                "OpenOOD v1.5's iODIN: ODIN perturbing only the input element of largest gradient (no paper named there)",
                p -> new IOdin(p.dbl("temperature"), p.dbl("epsilon")));
        add("gradnorm", Map.of(), true,
                "Huang et al., On the Importance of Gradients for Detecting Distributional Shifts in the Wild, NeurIPS 2021",
                p -> new GradNorm());
        add("fdbd", ordered("distance_as_normalizer", Fdbd.DEFAULT_DISTANCE_AS_NORMALISER), true,
                "Liu & Qin, Fast Decision Boundary based Out-of-Distribution Detector, ICML 2024",
                p -> new Fdbd(p.bool("distance_as_normalizer")));
        add("nci", ordered("alpha", Nci.DEFAULT_ALPHA), true,
                "Liu & Qin, Detecting Out-of-Distribution Through the Lens of Neural Collapse, CVPR 2025",
                p -> new Nci(p.dbl("alpha")));
        add("nnguide", ordered("k", NnGuide.DEFAULT_K, "alpha", NnGuide.DEFAULT_ALPHA, "seed", Bank.SEED), false,
                "Park et al., Nearest Neighbor Guidance for Out-of-Distribution Detection, ICCV 2023",
                p -> new NnGuide(p.integer("k"), p.dbl("alpha"), p.integer("seed")));
        add("relation", ordered("pow", Relation.DEFAULT_POW, "threshold", Relation.DEFAULT_THRESHOLD), false,
                "Kim et al., Neural Relation Graph: A Unified Framework for Identifying Label Noise and Outlier Data, NeurIPS 2023",
                p -> new Relation(p.dbl("pow"), p.dbl("threshold")));
        add("openmax", ordered("alpha", OpenMax.DEFAULT_ALPHA, "tail", OpenMax.DEFAULT_TAIL), true,
                "Bendale & Boult, Towards Open Set Deep Networks, CVPR 2016",
                p -> new OpenMax(p.integer("alpha"), p.integer("tail")));
        add("gmm", ordered("clusters", Gmm.DEFAULT_CLUSTERS, "dim", Gmm.DEFAULT_DIM), true,
                "Lee et al., A Simple Unified Framework for Detecting OOD Samples, NeurIPS 2018 (GMM as in OpenOOD)",
                p -> new Gmm(p.integer("clusters"), p.integer("dim")));
        add("vra", ordered("low", Vra.DEFAULT_LOW, "high", Vra.DEFAULT_HIGH, "score", LogitHead.DEFAULT.id()), true,
                "Xu et al., VRA: Variational Rectified Activation for Out-of-distribution Detection, NeurIPS 2023",
                p -> new Vra(p.dbl("low"), p.dbl("high"), p.str("score")));
        add("rankfeat", ordered("temperature", RankFeat.DEFAULT_TEMPERATURE), true,
                "Song, Sebe & Wang, RankFeat: Rank-1 Feature Removal for OOD Detection, NeurIPS 2022 (last stage map, exact SVD)",
                p -> new RankFeat(p.dbl("temperature")));
        add("mds-ensemble", Map.of(), true,
                "Lee et al., A Simple Unified Framework for Detecting OOD Samples, NeurIPS 2018 (feature ensemble over the "
                        + "pooled stage maps, equal weights, no input noise)",
                p -> new MdsEnsemble());
        add("gram", ordered("powers", Gram.DEFAULT_POWERS), false,
                "Sastry & Oore, Detecting Out-of-Distribution Examples with Gram Matrices, ICML 2020 (as OpenOOD v1.5: powers 1-5)",
                p -> new Gram(p.integer("powers")));
    }

    private DetectorCatalog() {}

    /** Registers an entry (package-private so detectors added later go through one place). */
    static void add(String name, Map<String, String> defaults, boolean cheap, String paper,
                    Function<Params, Detector> factory) {
        ENTRIES.put(name, new Entry(name, defaults, cheap, paper, factory));
    }

    /** Parameter names and their defaults (the detector classes' constants), in order, as strings. */
    private static Map<String, String> ordered(Object... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], String.valueOf(kv[i + 1]));
        return m;
    }

    public static List<Entry> entries() {
        return new ArrayList<>(ENTRIES.values());
    }

    public static List<String> names() {
        return new ArrayList<>(ENTRIES.keySet());
    }

    /** The cheap detectors (no nearest-neighbour search, no extra forward pass). */
    public static List<String> cheapNames() {
        return ENTRIES.values().stream().filter(Entry::cheap).map(Entry::name).toList();
    }

    public static Entry entry(String name) {
        Entry e = ENTRIES.get(name.toLowerCase(Locale.ROOT));
        if (e == null) {
            throw new IllegalArgumentException("unknown detector '" + name + "'; known: " + String.join(", ", names()));
        }
        return e;
    }

    public static Detector create(String name) {
        return create(name, Map.of());
    }

    /** A detector with {@code overrides} applied over its defaults (values as strings). */
    public static Detector create(String name, Map<String, String> overrides) {
        Entry e = entry(name);
        for (String k : overrides.keySet()) {
            if (!e.defaults().containsKey(k)) {
                throw new IllegalArgumentException("detector " + e.name() + " has no parameter '" + k + "'; it takes "
                        + (e.defaults().isEmpty() ? "none" : String.join(", ", e.defaults().keySet())));
            }
        }
        Map<String, String> merged = new LinkedHashMap<>(e.defaults());
        merged.putAll(overrides);
        return e.factory().apply(new Params(e.name(), merged));
    }

    /**
     * Parses a detector list such as {@code all}, {@code cheap}, or {@code mls,vim:dim=32,knn:k=10}
     * into detectors.
     */
    public static List<Detector> parseList(String spec) {
        List<Detector> out = new ArrayList<>();
        for (String item : spec.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) continue;
            if (s.equals("all")) {
                names().forEach(n -> out.add(create(n)));
            } else if (s.equals("cheap")) {
                cheapNames().forEach(n -> out.add(create(n)));
            } else {
                String[] parts = s.split(":");
                Map<String, String> ov = new LinkedHashMap<>();
                for (int i = 1; i < parts.length; i++) {
                    String[] kv = parts[i].split("=", 2);
                    if (kv.length != 2) {
                        throw new IllegalArgumentException("detector option '" + parts[i] + "' in '" + s
                                + "' is not key=value (e.g. vim:dim=32)");
                    }
                    ov.put(kv[0], kv[1]);
                }
                out.add(create(parts[0], ov));
            }
        }
        if (out.isEmpty()) throw new IllegalArgumentException("no detector named in '" + spec + "'");
        return out;
    }

    /** Parameter values of one detector, parsed on demand with clear errors. */
    public record Params(String detector, Map<String, String> values) {
        public double dbl(String key) {
            try {
                return Double.parseDouble(values.get(key));
            } catch (NumberFormatException | NullPointerException e) {
                throw new IllegalArgumentException("detector " + detector + ": " + key + " must be a number, got '"
                        + values.get(key) + "'");
            }
        }

        public int integer(String key) {
            try {
                return Integer.parseInt(values.get(key));
            } catch (NumberFormatException | NullPointerException e) {
                throw new IllegalArgumentException("detector " + detector + ": " + key + " must be an integer, got '"
                        + values.get(key) + "'");
            }
        }

        public boolean bool(String key) {
            String v = values.get(key);
            if ("true".equalsIgnoreCase(v)) return true;
            if ("false".equalsIgnoreCase(v)) return false;
            throw new IllegalArgumentException("detector " + detector + ": " + key + " must be true or false, got '" + v + "'");
        }

        /** Whether {@code key} is {@code auto} (ViM's and Residual's principal dimension). */
        public boolean isAuto(String key) {
            return PrincipalSpace.AUTO.equalsIgnoreCase(values.get(key));
        }

        public String str(String key) {
            return values.get(key);
        }
    }
}
