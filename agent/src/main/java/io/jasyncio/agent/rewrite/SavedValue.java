package io.jasyncio.agent.rewrite;

import org.objectweb.asm.Type;

/**
 * One value saved in the frame at a resume point: a local slot or an operand stack entry, its
 * kind, and its index in {@code refs} or {@code prims}. {@code null} constants are not stored
 * at all: restoring pushes {@code null}.
 *
 * @param slot local variable slot, or -1 for an operand stack entry
 * @param kind how the value is stored
 * @param type the type to cast a reference back to: the verifier's type of the value, or its
 *     nearest supertype the rewritten class may access (references only)
 * @param index index in the save array of its kind, or -1 for {@link Kind#NULL}
 */
record SavedValue(int slot, Kind kind, Type type, int index) {
    /** How a value of one JVM verification type is stored. */
    enum Kind {
        /** A reference, stored in {@code refs} and cast back on restore. */
        REF,
        /** A known {@code null}: nothing is stored. */
        NULL,
        /** int, short, char, byte, boolean: widened into {@code prims}. */
        INT,
        /** float: its raw int bits, widened into {@code prims}. */
        FLOAT,
        /** long: as is, in {@code prims}. */
        LONG,
        /** double: its raw long bits, in {@code prims}. */
        DOUBLE;

        private static final Type OBJECT = Type.getObjectType("java/lang/Object");

        boolean isPrimitive() {
            return this != REF && this != NULL;
        }

        /** The JVM type used to load and store the value in a local ({@code refType} may be null for NULL). */
        Type localType(Type refType) {
            switch (this) {
                case INT:
                    return Type.INT_TYPE;
                case FLOAT:
                    return Type.FLOAT_TYPE;
                case LONG:
                    return Type.LONG_TYPE;
                case DOUBLE:
                    return Type.DOUBLE_TYPE;
                default:
                    return refType != null ? refType : OBJECT;
            }
        }
    }

    boolean isStackEntry() {
        return slot < 0;
    }
}
