package io.jasyncio.agent.rewrite;

import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The class hierarchy, read from class files as resources: never {@code Class.forName}, so
 * computing frames loads no user class (the idea of Byte Buddy's type pool). One pool per class
 * loader; lookups are cached.
 */
public final class TypePool {
    /**
     * What the hierarchy needs of one class.
     *
     * @param exported public, and (for a class of a named module of the JDK) in a package its
     *     module exports to everyone: any class may name it
     * @param interfaces the interfaces it names as its direct superinterfaces
     */
    private record Info(String superName, boolean isInterface, boolean exported, String[] interfaces) {}

    private static final Info OBJECT = new Info(null, false, true, new String[0]);

    /** Weak, so a pool cached per loader (in a weak map) does not keep its loader alive. */
    private final WeakReference<ClassLoader> loader;

    private final Map<String, Info> cache = new ConcurrentHashMap<>();

    /** Per class, the descriptors of its runtime-visible annotations, read when first asked. */
    private final Map<String, Set<String>> annotations = new ConcurrentHashMap<>();

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
    void define(String internalName, String superName, List<String> interfaces, boolean isInterface, boolean isPublic) {
        cache.put(internalName, new Info(superName, isInterface, isPublic, interfaces.toArray(String[]::new)));
    }

    /**
     * Whether class or interface {@code type} is {@code ancestor} or extends or implements it, at
     * any depth.
     *
     * @throws TypeNotFoundException when a class file in the hierarchy cannot be found
     */
    boolean isSubtype(String type, String ancestor) {
        ArrayDeque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.push(type);
        while (!todo.isEmpty()) {
            String x = todo.pop();
            if (x.equals(ancestor)) {
                return true;
            }
            if (!seen.add(x)) {
                continue;
            }
            Info info = info(x);
            if (info.superName() != null) {
                todo.push(info.superName());
            }
            for (String i : info.interfaces()) {
                todo.push(i);
            }
        }
        return false;
    }

    /**
     * Whether the class file of {@code internalName} carries the runtime-visible annotation
     * {@code descriptor} (itself, not inherited). Reads the class file once; never loads the class.
     *
     * @throws TypeNotFoundException when the class file cannot be found
     */
    boolean hasAnnotation(String internalName, String descriptor) {
        return annotations.computeIfAbsent(internalName, this::readAnnotations).contains(descriptor);
    }

    /**
     * The nearest type at or above {@code type} that code in class {@code from} may name in a
     * {@code checkcast} without an {@code IllegalAccessError}: the type itself when accessible,
     * else its nearest accessible superclass (arrays: the same dimensions of the nearest
     * accessible superclass of the element). A class is accessible when it is public and
     * exported, or in {@code from}'s package (JVMS 5.4.4).
     *
     * @throws TypeNotFoundException when a class file in the hierarchy cannot be found
     */
    Type accessibleSupertype(Type type, String from) {
        if (type.getSort() == Type.ARRAY) {
            Type element = type.getElementType();
            if (element.getSort() != Type.OBJECT) {
                return type;
            }
            Type accessible = accessibleSupertype(element, from);
            return accessible == element
                    ? type
                    : Type.getType("[".repeat(type.getDimensions()) + accessible.getDescriptor());
        }
        if (type.getSort() != Type.OBJECT) {
            return type;
        }
        String name = type.getInternalName();
        for (String x = name; x != null; x = info(x).superName()) {
            if (packageOf(x).equals(packageOf(from)) || info(x).exported()) {
                return x.equals(name) ? type : Type.getObjectType(x);
            }
        }
        return Type.getObjectType("java/lang/Object");
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash);
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
        URL url = source.getResource(internalName + ".class");
        if (url == null) {
            throw new TypeNotFoundException(internalName);
        }
        try (InputStream in = url.openStream()) {
            ClassReader reader = new ClassReader(in);
            int access = reader.getAccess();
            boolean exported = (access & Opcodes.ACC_PUBLIC) != 0 && isExported(url, internalName);
            return new Info(
                    reader.getSuperName(), (access & Opcodes.ACC_INTERFACE) != 0, exported, reader.getInterfaces());
        } catch (IOException e) {
            throw new TypeNotFoundException(internalName);
        }
    }

    private Set<String> readAnnotations(String internalName) {
        ClassLoader source = loader.get();
        URL url = source == null ? null : source.getResource(internalName + ".class");
        if (url == null) {
            throw new TypeNotFoundException(internalName);
        }
        Set<String> found = new HashSet<>();
        try (InputStream in = url.openStream()) {
            new ClassReader(in)
                    .accept(
                            new ClassVisitor(Opcodes.ASM9) {
                                @Override
                                public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
                                    if (visible) {
                                        found.add(descriptor);
                                    }
                                    return null;
                                }
                            },
                            ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        } catch (IOException e) {
            throw new TypeNotFoundException(internalName);
        }
        return found;
    }

    /**
     * Whether the class at {@code url} is in a package its module exports to every module. Only
     * the JDK's modules ({@code jrt:/module/path}) are named here; a class path is one unnamed
     * module, which exports everything.
     */
    private static boolean isExported(URL url, String internalName) {
        if (!"jrt".equals(url.getProtocol())) {
            return true;
        }
        String path = url.getPath();
        int end = path.indexOf('/', 1);
        if (end < 0) {
            return true;
        }
        String moduleName = path.substring(1, end);
        String pkg = packageOf(internalName).replace('/', '.');
        return ModuleLayer.boot()
                .findModule(moduleName)
                .map(m -> m.isExported(pkg))
                .orElse(true);
    }

    /** A class the hierarchy needs whose class file is nowhere to be found. */
    static final class TypeNotFoundException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TypeNotFoundException(String internalName) {
            super("cannot find class file of " + internalName.replace('/', '.')
                    + ", which the agent needs to compute stack frames (it never loads classes); put it on"
                    + " the class path the class is loaded or woven with");
        }
    }
}
