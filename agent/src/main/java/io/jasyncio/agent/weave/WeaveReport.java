package io.jasyncio.agent.weave;

import java.nio.file.Path;
import java.util.List;

/**
 * What one weaving run over a directory did, one {@link ClassOutcome} per class file, in path
 * order.
 *
 * @param directory the directory woven, as given
 * @param classes every class file found under it
 */
public record WeaveReport(Path directory, List<ClassOutcome> classes) {
    public WeaveReport {
        classes = List.copyOf(classes);
    }

    /** How many class files had the given outcome. */
    public long count(ClassOutcome.Kind kind) {
        return classes.stream().filter(c -> c.kind() == kind).count();
    }

    /** The classes that needed weaving and are not woven. */
    public List<ClassOutcome> failures() {
        return classes.stream().filter(ClassOutcome::isFailure).toList();
    }

    /** One line: how many class files, woven, already woven, without {@code @Async}, not woven. */
    public String summary() {
        return String.format(
                "%s: %d class files, %d woven, %d already woven, %d without @Async, %d not woven",
                directory,
                classes.size(),
                count(ClassOutcome.Kind.WOVEN),
                count(ClassOutcome.Kind.ALREADY_WOVEN),
                count(ClassOutcome.Kind.NO_ASYNC) + count(ClassOutcome.Kind.LINK_INSIDE),
                failures().size());
    }
}
