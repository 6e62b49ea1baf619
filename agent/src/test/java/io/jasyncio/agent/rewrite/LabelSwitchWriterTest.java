package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.tree.LabelNode;

/**
 * The entry's contract for the rest of the resume method: the frame is in {@link FrameSlots#frame()},
 * each save array the layout uses in its slot (read once), and the switch sends label k to point k's
 * restore code and any other label to the corrupt-frame block, which throws naming the method.
 */
class LabelSwitchWriterTest {
    private static final FrameSlots SLOTS = FrameSlots.after(3);

    @Test
    void theEntryStoresTheFrameReadsTheArraysOnceAndSwitchesOnTheLabel() {
        SaveLayout layout = new SaveLayout(List.of(), 2, 1);
        LabelNode r0 = new LabelNode();
        LabelNode r1 = new LabelNode();
        LabelNode corrupt = new LabelNode();
        List<String> text =
                PassInput.text(LabelSwitchWriter.entry(SLOTS, layout, 3, Map.of(0, r0, 1, r1, 2, r1), corrupt));
        assertEquals(
                List.of(
                        "ALOAD 0",
                        "ASTORE 3",
                        "ALOAD 3",
                        "GETFIELD io/jasyncio/CoroutineFrame.refs : [Ljava/lang/Object;",
                        "ASTORE 4",
                        "ALOAD 3",
                        "GETFIELD io/jasyncio/CoroutineFrame.prims : [J",
                        "ASTORE 5",
                        "ALOAD 3",
                        "GETFIELD io/jasyncio/CoroutineFrame.label : I",
                        "TABLESWITCH",
                        "0: L0",
                        "1: L1",
                        "2: L1",
                        "default: L2"),
                text,
                "labels 1 and 2 share one restore entry (one group)");
    }

    @Test
    void anArrayTheLayoutDoesNotUseIsNotRead() {
        List<String> text = PassInput.text(LabelSwitchWriter.entry(
                SLOTS, new SaveLayout(List.of(), 0, 0), 1, Map.of(0, new LabelNode()), new LabelNode()));
        assertEquals(
                List.of(
                        "ALOAD 0",
                        "ASTORE 3",
                        "ALOAD 3",
                        "GETFIELD io/jasyncio/CoroutineFrame.label : I",
                        "TABLESWITCH",
                        "0: L0",
                        "default: L1"),
                text);
    }

    @Test
    void aCorruptLabelThrowsNamingTheMethod() {
        LabelNode corrupt = new LabelNode();
        assertEquals(
                List.of(
                        "L0",
                        "NEW java/lang/IllegalStateException",
                        "DUP",
                        "LDC \"jasyncio: corrupt coroutine frame (bad resume label) in pkg.Cls.m\"",
                        "INVOKESPECIAL java/lang/IllegalStateException.<init> (Ljava/lang/String;)V",
                        "ATHROW"),
                PassInput.text(LabelSwitchWriter.corrupt(corrupt, "pkg.Cls.m")));
    }
}
