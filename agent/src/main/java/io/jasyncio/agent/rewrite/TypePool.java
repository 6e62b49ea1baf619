package io.jasyncio.agent.rewrite;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;

/**
 * The class hierarchy, read from class files as resources: never {@code Class.forName}, so
 * computing frames loads no user class (the idea of Byte Buddy's type pool). One pool per class
 * loader; lookups are cached.
 */
public final class TypePool {
    /** What the hierarchy needs of one class. */
    private record Info(String superName, boolean isInterface) {}

    private static final Info OBJECT = new Info(null, false);

    /** Weak, so a pool cached per loader (in a weak map) does not keep its loader alive. */
    private final WeakReference<ClassLoader> loader;

    private final Map<String, Info> cache = new ConcurrentHashMap<>();

    private TypePool(ClassLoader loader) {
        this.loader = new WeakReference<>(loader);
    }

    /**
     * A pool reading class files through {@code loader}'s resources; {@code null} means the
     * platform's classes only.
     */
    public static TypePool of(ClassLoader loader) {
        return new TypePool(loader != null ? loader : ClassLoader.getPlatformClassLoader());
    }

    /** Tells the pool about a class it may not find as a resource (e.g. the one being rewritten). */
    void define(String internalName, String superName, boolean isInterface) {
        cache.put(internalName, new Info(superName, isInterface));
    }

    /**
     * The nearest common superclass of two class types in internal form, as the JVM's verifier
     * computes it: {@code java/lang/Object} when either is an interface.
     *
     * @throws TypeNotFoundException when a class file in either hierarchy cannot be found
     */
    String commonSuperClass(String a, String b) {
        if (a.equals(b)) {
            return a;
        }
        if (info(a).isInterface() || info(b).isInterface()) {
            return "java/lang/Object";
        }
        for (String x = a; x != null; x = info(x).superName()) {
            if (isSubclass(b, x)) {
                return x;
            }
        }
        return "java/lang/Object";
    }

    private boolean isSubclass(String type, String ancestor) {
        for (String x = type; x != null; x = info(x).superName()) {
            if (x.equals(ancestor)) {
                return true;
            }
        }
        return false;
    }

    private Info info(String internalName) {
        if (internalName.equals("java/lang/Object")) {
            return OBJECT;
        }
        Info known = cache.get(internalName);
        if (known != null) {
            return known;
        }
        Info read = read(internalName);
        cache.put(internalName, read);
        return read;
    }

    private Info read(String internalName) {
        ClassLoader source = loader.get();
        if (source == null) {
            throw new TypeNotFoundException(internalName);
        }
        try (InputStream in = source.getResourceAsStream(internalName + ".class")) {
            if (in == null) {
                throw new TypeNotFoundException(internalName);
            }
            ClassReader reader = new ClassReader(in);
            return new Info(reader.getSuperName(), (reader.getAccess() & Opcodes.ACC_INTERFACE) != 0);
        } catch (IOException e) {
            throw new TypeNotFoundException(internalName);
        }
    }

    /** A class the hierarchy needs whose class file is nowhere to be found. */
    static final class TypeNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TypeNotFoundException(String internalName) {
            super("cannot find class file of " + internalName.replace('/', '.') + " to compute frames");
        }
    }
}
