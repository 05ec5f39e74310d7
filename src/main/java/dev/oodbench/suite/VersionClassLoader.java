package dev.oodbench.suite;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads one version's own classes ({@code dev.oodbench.*} from its jar) ahead of the running ones, and
 * everything else (TensorFlow Java, whose native library loads once per JVM, and the other libraries)
 * from the parent, so that two versions run side by side over one TensorFlow runtime.
 */
final class VersionClassLoader extends URLClassLoader {
    private static final String OWN = "dev.oodbench.";

    VersionClassLoader(String name, URL jar, ClassLoader parent) {
        super(name, new URL[] {jar}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(OWN)) return super.loadClass(name, resolve);
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) c = findClass(name);
            if (resolve) resolveClass(c);
            return c;
        }
    }

    @Override
    public URL getResource(String name) {
        URL own = findResource(name);
        return own != null ? own : super.getResource(name);
    }
}
