package io.jasyncio.apicheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines that differ between two dumps, class by class. A dump is a sequence of blocks, each a
 * header line ending in {@code {} (a class, or a plugin goal) and its members; blocks are matched
 * by the name in their header, so a class whose modifiers changed shows as its header changed in
 * place, and its members are compared with that class's members only.
 */
final class LineDiff {
    private LineDiff() {}

    /**
     * The differences from {@code expected} to {@code actual}: {@code "- "} before a line only
     * {@code expected} has, {@code "+ "} before one only {@code actual} has, and {@code "@ "}
     * before the header of a block whose members changed; empty when the two are equal.
     */
    static List<String> between(List<String> expected, List<String> actual) {
        Map<String, List<String>> before = blocks(expected);
        Map<String, List<String>> after = blocks(actual);
        List<String> names = new ArrayList<>(after.keySet());
        for (String name : before.keySet()) {
            if (!after.containsKey(name)) {
                names.add(name);
            }
        }
        // Dumps list classes in name order; keep that order for the report.
        names.sort(null);
        List<String> out = new ArrayList<>();
        for (String name : names) {
            List<String> a = before.getOrDefault(name, List.of());
            List<String> b = after.getOrDefault(name, List.of());
            if (a.isEmpty() || b.isEmpty()) {
                String sign = a.isEmpty() ? "+ " : "- ";
                for (String line : a.isEmpty() ? b : a) {
                    out.add(sign + line);
                }
                continue;
            }
            List<String> members = lines(a.subList(1, a.size()), b.subList(1, b.size()));
            if (!a.get(0).equals(b.get(0))) {
                out.add("- " + a.get(0));
                out.add("+ " + b.get(0));
            } else if (!members.isEmpty()) {
                out.add("@ " + b.get(0));
            }
            out.addAll(members);
        }
        return out;
    }

    /** The blocks of a dump by name; lines before the first header form the block named "". */
    private static Map<String, List<String>> blocks(List<String> lines) {
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        List<String> current = new ArrayList<>();
        blocks.put("", current);
        for (String line : lines) {
            if (line.endsWith("{")) {
                current = new ArrayList<>();
                blocks.put(nameIn(line), current);
            }
            if (!line.isEmpty()) {
                current.add(line);
            }
        }
        if (blocks.get("").isEmpty()) {
            blocks.remove("");
        }
        return blocks;
    }

    /** The class or goal a header names: its first word with a '/' or ':' in it. */
    private static String nameIn(String header) {
        for (String word : header.split(" ")) {
            if (word.contains("/") || word.contains(":")) {
                return word;
            }
        }
        return header;
    }

    /** A line diff of {@code a} and {@code b} through their longest common subsequence. */
    private static List<String> lines(List<String> a, List<String> b) {
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j))
                        ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
                out.add("- " + a.get(i++));
            } else {
                out.add("+ " + b.get(j++));
            }
        }
        return out;
    }
}
