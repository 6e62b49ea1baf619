package io.jasyncio.agent.rewrite;

import java.util.List;
import org.objectweb.asm.tree.MethodInsnNode;

/**
 * What is saved and restored at one resume point: label 0 (method entry, the arguments) or the
 * k-th await.
 *
 * @param label the value of {@code frame.label} that resumes here
 * @param await the {@code Asyncio.await} call, or {@code null} for label 0
 * @param line the source line of the await, or 0
 * @param locals the live local slots, in slot order
 * @param stack the operand stack below the awaited value, bottom first
 * @param refCount how many entries of {@code refs} it uses
 * @param primCount how many entries of {@code prims} it uses
 */
record ResumePoint(
        int label,
        MethodInsnNode await,
        int line,
        List<SavedValue> locals,
        List<SavedValue> stack,
        int refCount,
        int primCount) {}
