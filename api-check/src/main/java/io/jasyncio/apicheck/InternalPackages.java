package io.jasyncio.apicheck;

import java.util.ArrayList;
import java.util.List;

/**
 * The packages that are not API, written as the javadoc plugin's {@code excludePackageNames}
 * (names separated by {@code :}, a trailing {@code .*} allowed), so that one property of the
 * build decides what the javadoc and the API dump leave out. A name covers its package and every
 * package under it; besides those, a package with a {@code shaded} segment (relocated third-party
 * code) is never API.
 */
public final class InternalPackages {
    private final List<String> roots = new ArrayList<>();

    /** Parses {@code list}, e.g. {@code io.jasyncio.internal:io.jasyncio.agent.shaded.*}. */
    public InternalPackages(String list) {
        for (String name : list.split(":")) {
            String root = name.trim();
            if (root.endsWith(".*")) {
                root = root.substring(0, root.length() - 2);
            }
            if (root.isEmpty()) {
                continue;
            }
            if (!root.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*")) {
                throw new IllegalArgumentException("not a package name in the internal packages list '" + list + "': '"
                        + name + "' (write names such as io.jasyncio.internal, separated by ':')");
            }
            roots.add(root);
        }
    }

    /** Whether {@code packageName} (dotted) is not API. */
    public boolean contains(String packageName) {
        if (packageName.startsWith("shaded.") || packageName.contains(".shaded.") || packageName.endsWith(".shaded")) {
            return true;
        }
        for (String root : roots) {
            if (packageName.equals(root) || packageName.startsWith(root + ".")) {
                return true;
            }
        }
        return false;
    }
}
