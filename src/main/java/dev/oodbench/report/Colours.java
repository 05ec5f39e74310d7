package dev.oodbench.report;

import java.awt.Color;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * One colour per detector, one per model and one per OOD data set for a whole report, so a detector (or model) has the same
 * colour in every chart of it. Detectors and models are each numbered in name order; the first 20 take
 * a hand-picked palette that reads on white, the rest hues spread by the golden angle. The forward pass,
 * the reference line, is always black.
 */
final class Colours {
    /** The key of the forward pass (the model alone). */
    static final String FORWARD = "forward";

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
            new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
            new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x393b79), new Color(0x843c39), new Color(0x637939),
            new Color(0x7b4173), new Color(0x3182bd), new Color(0xe6550d), new Color(0x31a354), new Color(0x756bb1),
            new Color(0xa55194), new Color(0x8c6d31)};

    /** Model colours: distinct from each other, dark enough for bars and points. */
    private static final Color[] MODELS = {new Color(0x1b6ca8), new Color(0xe07b00), new Color(0x2a9d49),
            new Color(0xb2247e), new Color(0x6a4c93), new Color(0x5c5c5c)};

    private final Map<String, Color> detectors = new LinkedHashMap<>();
    private final Map<String, Color> models = new LinkedHashMap<>();
    private final Map<String, Color> sets = new LinkedHashMap<>();

    Colours(Collection<String> detectorNames, Collection<String> modelNames, Collection<String> datasetNames) {
        int i = 0;
        for (String d : new TreeSet<>(detectorNames)) detectors.put(d, nth(i++));
        i = 0;
        for (String m : new TreeSet<>(modelNames)) models.put(m, MODELS[i++ % MODELS.length]);
        i = 0;
        for (String d : new TreeSet<>(datasetNames)) sets.put(d, nth(i++));
    }

    static Color nth(int i) {
        if (i < PALETTE.length) return PALETTE[i];
        float hue = (float) (((i - PALETTE.length) * 0.618033988749895) % 1.0);
        return Color.getHSBColor(hue, 0.75f, i % 2 == 0 ? 0.62f : 0.82f);
    }

    /** The colour of a detector (or of the forward pass, black); a name not known gets grey. */
    Color detector(String name) {
        if (name.equals(FORWARD)) return Color.BLACK;
        return detectors.getOrDefault(name, Color.GRAY);
    }

    Color model(String name) {
        return models.getOrDefault(name, Color.GRAY);
    }

    /**
     * The colour of a series by its colour key: {@code model:<name>} for a model, {@code set:<name>} for an
     * OOD data set (score histograms and ROC curves per detector), else a detector.
     */
    Color of(String key) {
        if (key.startsWith("model:")) return model(key.substring("model:".length()));
        if (key.startsWith("set:")) return sets.getOrDefault(key.substring("set:".length()), Color.GRAY);
        return detector(key);
    }
}
