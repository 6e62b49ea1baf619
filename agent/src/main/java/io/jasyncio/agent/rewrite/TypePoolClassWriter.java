package io.jasyncio.agent.rewrite;

import org.objectweb.asm.ClassWriter;

/** A {@link ClassWriter} computing frames from a {@link TypePool}, never loading a class. */
final class TypePoolClassWriter extends ClassWriter {
    private final TypePool types;

    TypePoolClassWriter(TypePool types) {
        super(COMPUTE_FRAMES);
        this.types = types;
    }

    @Override
    protected String getCommonSuperClass(String a, String b) {
        return types.commonSuperClass(a, b);
    }
}
