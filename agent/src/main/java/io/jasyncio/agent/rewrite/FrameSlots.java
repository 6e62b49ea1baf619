package io.jasyncio.agent.rewrite;

/**
 * The slots of a resume method beyond the user's own, which keep their numbers (so the debug
 * tables stay true): the frame, the two save arrays (loaded once at entry; the stub allocated
 * them and they are never replaced while the frame runs), then the spill slots that hold operand
 * stack entries while they are saved or restored.
 *
 * @param frame the {@code CoroutineFrame}
 * @param refs its {@code refs} array
 * @param prims its {@code prims} array
 * @param spillBase the first spill slot
 */
record FrameSlots(int frame, int refs, int prims, int spillBase) {
    /** The slots after a method whose own locals take {@code maxLocals}. */
    static FrameSlots after(int maxLocals) {
        return new FrameSlots(maxLocals, maxLocals + 1, maxLocals + 2, maxLocals + 3);
    }
}
