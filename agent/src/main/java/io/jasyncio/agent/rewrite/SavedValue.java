package io.jasyncio.agent.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * One value saved in the frame at a resume point: where it lives in the resume method while it is
 * saved or restored (a local slot, or for an operand stack entry the spill slot it is moved to),
 * its kind, and for a reference the type it is cast back to. Two resume points that save the same
 * {@code SavedValue} can share the code that saves and restores it.
 *
 * @param slot the local slot (for a stack entry, its spill slot; -1 for a stack {@code null})
 * @param kind how the value is stored
 * @param type the type to cast a reference back to: the verifier's type of the value, or its
 *     nearest supertype the rewritten class may access ({@link Kind#REF} only, else null)
 */
record SavedValue(int slot, Kind kind, Type type) {
    /** How a value of one JVM verification type is stored. */
    enum Kind {
        /** A reference, stored in {@code refs} and cast back on restore. */
        REF(null),
        /** A known {@code null}: nothing is stored, restoring pushes {@code null}. */
        NULL(null),
        /** int, short, char, byte, boolean: widened into {@code prims}. */
        INT(Type.INT_TYPE),
        /** float: its raw int bits, widened into {@code prims}. */
        FLOAT(Type.FLOAT_TYPE),
        /** long: as is, in {@code prims}. */
        LONG(Type.LONG_TYPE),
        /** double: its raw long bits, in {@code prims}. */
        DOUBLE(Type.DOUBLE_TYPE);

        private final Type primitive;

        Kind(Type primitive) {
            this.primitive = primitive;
        }

        boolean isPrimitive() {
            return primitive != null;
        }

        /** The primitive type of the value; {@code Object} for references. */
        Type localType() {
            return primitive != null ? primitive : Type.getObjectType("java/lang/Object");
        }

        /** Local slots the value takes. */
        int size() {
            return localType().getSize();
        }

        /** The opcode that loads it from a local. */
        int loadOpcode() {
            return localType().getOpcode(Opcodes.ILOAD);
        }
    }

    boolean isPrimitive() {
        return kind.isPrimitive();
    }
}
