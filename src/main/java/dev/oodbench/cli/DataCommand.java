package dev.oodbench.cli;

import dev.oodbench.data.DataCache;
import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.data.DatasetFile;
import dev.oodbench.data.ImageSet;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

@Command(name = "data", mixinStandardHelpOptions = true, description = "List, verify and fetch the datasets.",
        subcommands = {DataCommand.ListSets.class, DataCommand.Verify.class, DataCommand.Fetch.class})
public final class DataCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 0;
    }

    @Command(name = "list", description = "Every dataset: present or absent, image count, size on disk, location.")
    static final class ListSets implements Callable<Integer> {
        @Override
        public Integer call() throws IOException {
            DataCache cache = DataCache.standard();
            String problem = cache.rootProblem();
            System.out.printf("data root: %s%s%n", cache.root().toAbsolutePath(), problem != null ? " (" + problem + ")"
                    : Files.isDirectory(cache.root()) ? "" : " (does not exist yet: `data fetch` creates it)");
            System.out.printf(Locale.ROOT, "%-20s %-9s %8s %10s  %s%n", "dataset", "status", "images", "size", "description");
            for (DatasetCatalog.Entry e : DatasetCatalog.entries()) {
                String status = e.synthetic() ? "synthetic" : DatasetCatalog.present(e.name()) ? "present" : "absent";
                long bytes = DatasetCatalog.bytesOnDisk(e.name());
                System.out.printf(Locale.ROOT, "%-20s %-9s %,8d %10s  %s%n", e.name(), status, e.count(),
                        e.synthetic() ? "-" : bytes == 0 ? "-" : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6),
                        e.description());
            }
            return 0;
        }
    }

    @Command(name = "verify", description = "Check the checksums of present files (all datasets, or those named); a named "
            + "or partly present dataset must have every file.")
    static final class Verify implements Callable<Integer> {
        @Parameters(arity = "0..*", description = "dataset names (default: all)")
        List<String> names;

        @Override
        public Integer call() throws IOException {
            DataCache cache = DataCache.standard();
            String problem = cache.rootProblem();
            if (problem != null) throw new FileNotFoundException(problem);
            boolean named = names != null && !names.isEmpty();
            List<String> which = named ? names : DatasetCatalog.names();
            which.forEach(DatasetCatalog::entry);
            int bad = 0;
            int checked = 0;
            Set<String> seen = new HashSet<>();
            for (String n : which) {
                List<DatasetFile> files = DatasetCatalog.entry(n).files();
                // a dataset asked for by name, or one partly present, must have every file
                boolean complete = named || files.stream().anyMatch(f -> Files.exists(cache.root().resolve(f.path())));
                for (DatasetFile f : files) {
                    if (!seen.add(f.path())) continue;
                    Path p = cache.root().resolve(f.path());
                    if (!Files.exists(p)) {
                        if (complete) {
                            bad++;
                            System.out.printf("MISSING %s (dataset %s): put it at %s%n", f.path(), n, p);
                        }
                        continue;
                    }
                    try {
                        if (!cache.present(f)) throw DataCache.notAFile(f, p);
                        DataCache.verify(f, p);
                        checked++;
                        System.out.printf("ok      %s (%s)%n", f.path(), f.checksum());
                    } catch (IOException e) {
                        bad++;
                        System.out.printf("BAD     %s: %s%n", f.path(), e.getMessage());
                    }
                }
            }
            System.out.printf("%d files verified, %d bad or missing (data root %s)%n", checked, bad, cache.root());
            return bad == 0 ? 0 : 1;
        }
    }

    @Command(name = "fetch", description = "Download a dataset's missing files into the data root (checksums verified).")
    static final class Fetch implements Callable<Integer> {
        @Parameters(arity = "1..*", description = "dataset names")
        List<String> names;

        @Override
        public Integer call() throws IOException {
            for (String n : names) {
                ImageSet s = DatasetCatalog.load(n);
                System.out.printf("%s: %,d images ready%n", n, s.size());
            }
            return 0;
        }
    }
}
