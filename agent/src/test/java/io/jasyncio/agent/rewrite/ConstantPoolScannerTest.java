package io.jasyncio.agent.rewrite;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

class ConstantPoolScannerTest {
    private static byte[] jdkClass(String name) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(name + ".class")) {
            return in.readAllBytes();
        }
    }

    @Test
    void jdkClassesDoNotMentionAsync() throws IOException {
        // Big constant pools with every tag: longs, doubles, method handles, invokedynamic.
        for (String name : new String[] {
            "java/lang/String",
            "java/lang/Math",
            "java/util/HashMap",
            "java/util/stream/Collectors",
            "java/lang/invoke/MethodHandles"
        }) {
            assertFalse(ConstantPoolScanner.mentionsAsync(jdkClass(name)), name);
        }
    }

    @Test
    void aClassNamingTheAnnotationIsFound() {
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "p/C", null, "java/lang/Object", null);
        w.visitField(Opcodes.ACC_STATIC, "L", "J", null, 42L).visitEnd();
        w.visitField(Opcodes.ACC_STATIC, "D", "D", null, 4.2).visitEnd();
        w.visitMethod(Opcodes.ACC_ABSTRACT | Opcodes.ACC_PUBLIC, "m", "()V", null, null)
                .visitAnnotation(RuntimeNames.ASYNC_DESC, true)
                .visitEnd();
        w.visitEnd();
        assertTrue(ConstantPoolScanner.mentionsAsync(w.toByteArray()));
    }

    @Test
    void aSimilarButDifferentNameIsNotAMatch() {
        ClassWriter w = new ClassWriter(0);
        w.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "p/C", null, "java/lang/Object", null);
        w.visitAnnotation("Lio/jasyncio/annotation/Asynd;", true).visitEnd();
        w.visitAnnotation("Lio/jasyncio/annotation/Async;X", true).visitEnd();
        w.visitEnd();
        assertFalse(ConstantPoolScanner.mentionsAsync(w.toByteArray()));
    }

    @Test
    void malformedInputIsHandedToTheFullReader() {
        assertTrue(ConstantPoolScanner.mentionsAsync(new byte[] {1, 2, 3}));
        assertTrue(ConstantPoolScanner.mentionsAsync(
                new byte[] {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 61, 0, 5, 1, 0, 100}));
    }
}
