package io.jasyncio.processor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The known blocking calls of the JDK, read from the curated table {@code blocking-calls.tsv}
 * beside this class (its header describes the format), and the question whether a call is one of
 * them. Types the compilation does not know (a module not in the build, say {@code java.sql}) are
 * skipped. Lookups are cached for the compilation.
 */
final class BlockingCalls {
    static final String RESOURCE = "blocking-calls.tsv";
    /** The method column's name for a constructor. */
    private static final String CONSTRUCTOR = "new";

    /** One known blocking method. */
    static final class Entry {
        final String type;
        final String method;
        /** The number of arguments, or -1 for any. */
        final int arity;

        final String instead;

        Entry(String type, String method, int arity, String instead) {
            this.type = type;
            this.method = method;
            this.arity = arity;
            this.instead = instead;
        }
    }

    private final Map<String, List<Entry>> byMethod = new HashMap<>();
    private final List<String> neverBlocking = new ArrayList<>();
    private final Elements elements;
    private final Types types;
    private final Map<String, TypeElement> resolved = new HashMap<>();

    private BlockingCalls(Elements elements, Types types) {
        this.elements = elements;
        this.types = types;
    }

    /** An empty table: nothing is known to block. */
    static BlockingCalls none(Elements elements, Types types) {
        return new BlockingCalls(elements, types);
    }

    /** The table, read from the processor's resource. */
    static BlockingCalls load(Elements elements, Types types) {
        BlockingCalls table = new BlockingCalls(elements, types);
        try (InputStream in = BlockingCalls.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the processor's resource " + RESOURCE + " is missing");
            }
            table.parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }

    private void parse(BufferedReader reader) throws IOException {
        int lineNumber = 0;
        for (String line; (line = reader.readLine()) != null; ) {
            lineNumber++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.split("\t");
            if (columns.length != 3) {
                throw new IllegalStateException(
                        RESOURCE + " line " + lineNumber + ": expected 3 tab-separated columns");
            }
            String type = columns[0].trim();
            String method = columns[1].trim();
            if (method.equals("*")) {
                neverBlocking.add(type);
                continue;
            }
            int arity = -1;
            int slash = method.indexOf('/');
            if (slash >= 0) {
                arity = Integer.parseInt(method.substring(slash + 1));
                method = method.substring(0, slash);
            }
            byMethod.computeIfAbsent(method, k -> new ArrayList<>())
                    .add(new Entry(type, method, arity, columns[2].trim()));
        }
    }

    /** Every entry of the table. */
    List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        byMethod.values().forEach(all::addAll);
        return all;
    }

    /** The types whose methods never block. */
    List<String> neverBlocking() {
        return neverBlocking;
    }

    /**
     * The entry that a call of {@code method} with {@code arity} arguments matches, or null. For
     * an instance method, {@code receiver} is the static type of the expression it is called on
     * (null when the call is unqualified); otherwise, and for constructors, the declaring class
     * counts. The most specific type wins.
     */
    Entry match(ExecutableElement method, TypeMirror receiver, int arity) {
        boolean constructor = method.getKind() == ElementKind.CONSTRUCTOR;
        List<Entry> candidates =
                byMethod.get(constructor ? CONSTRUCTOR : method.getSimpleName().toString());
        if (candidates == null || !(method.getEnclosingElement() instanceof TypeElement)) {
            return null;
        }
        TypeElement declaring = (TypeElement) method.getEnclosingElement();
        TypeMirror on = receiver != null
                        && receiver.getKind() == TypeKind.DECLARED
                        && !constructor
                        && !method.getModifiers().contains(Modifier.STATIC)
                ? types.erasure(receiver)
                : types.erasure(declaring.asType());
        for (String type : neverBlocking) {
            TypeElement safe = type(type);
            if (safe != null && types.isSubtype(on, types.erasure(safe.asType()))) {
                return null;
            }
        }
        Entry best = null;
        TypeMirror bestType = null;
        for (Entry entry : candidates) {
            if (entry.arity >= 0 && entry.arity != arity) {
                continue;
            }
            TypeElement owner = type(entry.type);
            if (owner == null) {
                continue;
            }
            TypeMirror ownerType = types.erasure(owner.asType());
            if (!types.isSubtype(on, ownerType) || !declaredOrOverridden(method, declaring, owner, constructor)) {
                continue;
            }
            if (best == null || types.isSubtype(ownerType, bestType)) {
                best = entry;
                bestType = ownerType;
            }
        }
        return best;
    }

    /** True if {@code method} is the owner's method of that name, or overrides one. */
    private boolean declaredOrOverridden(
            ExecutableElement method, TypeElement declaring, TypeElement owner, boolean constructor) {
        if (constructor) {
            return declaring.equals(owner);
        }
        for (ExecutableElement m : ElementFilter.methodsIn(elements.getAllMembers(owner))) {
            if (m.getSimpleName().contentEquals(method.getSimpleName())
                    && (m.equals(method) || elements.overrides(method, m, declaring))) {
                return true;
            }
        }
        return false;
    }

    /** The type of that name in this compilation, or null if it has none (cached, nulls too). */
    private TypeElement type(String name) {
        if (resolved.containsKey(name)) {
            return resolved.get(name);
        }
        TypeElement type;
        try {
            Element e = elements.getTypeElement(name);
            type = e instanceof TypeElement && e.asType().getKind() != TypeKind.ERROR ? (TypeElement) e : null;
        } catch (RuntimeException ambiguousOrMissing) {
            type = null;
        }
        resolved.put(name, type);
        return type;
    }
}
