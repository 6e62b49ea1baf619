package io.jasyncio.agent.rewrite;

import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicInterpreter;
import org.objectweb.asm.tree.analysis.BasicValue;

/**
 * A {@link BasicInterpreter} that keeps the exact class of every reference value, merging two
 * classes to their common superclass through a {@link TypePool}. The saved values' types come
 * from it: a restored reference is cast back to exactly the type the verifier expects.
 */
final class TypedInterpreter extends BasicInterpreter {
    private static final Type OBJECT = Type.getObjectType("java/lang/Object");

    private final TypePool types;

    TypedInterpreter(TypePool types) {
        super(Opcodes.ASM9);
        this.types = types;
    }

    @Override
    public BasicValue newValue(Type type) {
        if (type != null && (type.getSort() == Type.OBJECT || type.getSort() == Type.ARRAY)) {
            return new BasicValue(type);
        }
        return super.newValue(type);
    }

    @Override
    public BasicValue binaryOperation(AbstractInsnNode insn, BasicValue array, BasicValue index)
            throws AnalyzerException {
        if (insn.getOpcode() == Opcodes.AALOAD) {
            Type arrayType = array.getType();
            if (arrayType != null && arrayType.getSort() == Type.ARRAY) {
                return newValue(Type.getType(arrayType.getDescriptor().substring(1)));
            }
            return newValue(NULL_TYPE);
        }
        return super.binaryOperation(insn, array, index);
    }

    @Override
    public BasicValue merge(BasicValue v, BasicValue w) {
        if (v.equals(w)) {
            return v;
        }
        if (isReference(v) && isReference(w)) {
            if (isNull(v)) {
                return w;
            }
            if (isNull(w)) {
                return v;
            }
            return newValue(commonSuperType(v.getType(), w.getType()));
        }
        return BasicValue.UNINITIALIZED_VALUE;
    }

    /**
     * The verifier's merge of two reference types: for classes, their common superclass
     * (interfaces count as {@code Object}); for two arrays whose components are references, the
     * array of the merged components ({@code String[][]} and {@code Integer[]} merge to {@code
     * Object[]}); anything else, {@code Object}.
     */
    private Type commonSuperType(Type a, Type b) {
        if (a.equals(b)) {
            return a;
        }
        if (a.getSort() == Type.ARRAY && b.getSort() == Type.ARRAY) {
            Type ca = Type.getType(a.getDescriptor().substring(1));
            Type cb = Type.getType(b.getDescriptor().substring(1));
            if (isReference(ca) && isReference(cb)) {
                return Type.getType("[" + commonSuperType(ca, cb).getDescriptor());
            }
            return OBJECT;
        }
        if (a.getSort() == Type.OBJECT && b.getSort() == Type.OBJECT) {
            return Type.getObjectType(types.commonSuperClass(a.getInternalName(), b.getInternalName()));
        }
        return OBJECT;
    }

    private static boolean isReference(Type t) {
        return t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY;
    }

    static boolean isReference(BasicValue v) {
        Type t = v.getType();
        return t != null && isReference(t);
    }

    static boolean isNull(BasicValue v) {
        return NULL_TYPE.equals(v.getType());
    }
}
