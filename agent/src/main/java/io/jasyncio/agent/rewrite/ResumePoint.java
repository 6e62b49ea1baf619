package io.jasyncio.agent.rewrite;

import java.util.List;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;

/**
 * What is saved and restored at one resume point: label 0 (method entry, the arguments) or the
 * k-th await.
 *
 * @param label the value of {@code frame.label} that resumes here
 * @param await the {@code Asyncio.await} call, or {@code null} for label 0
 * @param line the source line of the await, or 0
 * @param locals the live local slots, in slot order ({@code NULL} ones included)
 * @param stack the operand stack below the awaited value, bottom first, each with its spill slot
 * @param frame the analysis frame before the await (or at entry): the types of every slot there
 */
record ResumePoint(
        int label,
        MethodInsnNode await,
        int line,
        List<SavedValue> locals,
        List<SavedValue> stack,
        Frame<BasicValue> frame) {

    /** The spill slots its operand stack takes (a {@code null} entry takes none). */
    int spillSlots() {
        return stack.stream().mapToInt(v -> v.slot() < 0 ? 0 : v.kind().size()).sum();
    }

    /** The values actually stored in the save arrays: locals and stack entries that are not {@code null}. */
    List<SavedValue> stored() {
        return java.util.stream.Stream.concat(locals.stream(), stack.stream())
                .filter(v -> v.kind() != SavedValue.Kind.NULL)
                .toList();
    }
}
