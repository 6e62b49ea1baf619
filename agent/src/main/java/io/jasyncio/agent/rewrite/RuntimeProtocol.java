package io.jasyncio.agent.rewrite;

import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;

/**
 * Every runtime class, field and method the agent relies on, built from {@link RuntimeNames}: what
 * rewritten code refers to, and what the agent looks for in user code. It lets a test check the
 * protocol (docs/architecture.md, "The protocol between rewritten code and the runtime") against
 * real classes: the runtime's, and the stand-ins the agent's own tests compile fixtures against.
 */
public final class RuntimeProtocol {
    /** Why the agent needs a member. */
    public enum Role {
        /** Rewritten code refers to it. */
        EMITTED,
        /** The agent looks for it in the code it reads. */
        RECOGNISED
    }

    /** What a member must be for the code that uses it to link. */
    public enum Kind {
        /** A public class. */
        CLASS,
        /** A public interface. */
        INTERFACE,
        /** A public annotation type with runtime retention. */
        ANNOTATION,
        /** A public constructor. */
        CONSTRUCTOR,
        /** A public static method. */
        STATIC_METHOD,
        /** A public instance method of a class, called with {@code invokevirtual}. */
        METHOD,
        /** A public method of an interface, called with {@code invokeinterface}. */
        INTERFACE_METHOD,
        /**
         * The single abstract method of a public interface that rewritten code implements with a
         * lambda ({@code invokedynamic} through {@code LambdaMetafactory}).
         */
        LAMBDA_METHOD,
        /** A public static field that rewritten code reads. */
        STATIC_FIELD,
        /** A public instance field that rewritten code reads. */
        FIELD,
        /** A public instance field, not final, that rewritten code assigns and reads. */
        ASSIGNED_FIELD
    }

    /**
     * One class or member: {@code owner} is an internal name ({@code io/jasyncio/Asyncio});
     * {@code name} and {@code descriptor} are null for a class and a JVM descriptor for a
     * member (a field's type, a method's signature).
     */
    public record Member(Role role, Kind kind, String owner, String name, String descriptor) {
        /** {@code owner.name descriptor}, or only the owner for a class. */
        @Override
        public String toString() {
            return name == null ? owner : owner + "." + name + " " + descriptor;
        }
    }

    private static final List<Member> MEMBERS = List.of(
            type(Role.RECOGNISED, Kind.ANNOTATION, Type.getType(RuntimeNames.ASYNC_DESC)),
            type(Role.RECOGNISED, Kind.ANNOTATION, Type.getType(RuntimeNames.ASYNC_FUNCTIONAL_INTERFACE_DESC)),
            type(Role.EMITTED, Kind.ANNOTATION, Type.getType(RuntimeNames.WOVEN_DESC)),
            type(Role.RECOGNISED, Kind.CLASS, Type.getObjectType(RuntimeNames.LAMBDA_METAFACTORY)),
            type(Role.RECOGNISED, Kind.CLASS, Type.getObjectType(RuntimeNames.COROUTINE)),
            type(Role.RECOGNISED, Kind.CLASS, Type.getObjectType(RuntimeNames.ASYNCIO)),
            member(
                    Role.RECOGNISED,
                    Kind.STATIC_METHOD,
                    RuntimeNames.ASYNCIO,
                    RuntimeNames.DONE,
                    RuntimeNames.DONE_VALUE_DESC),
            member(
                    Role.RECOGNISED,
                    Kind.STATIC_METHOD,
                    RuntimeNames.ASYNCIO,
                    RuntimeNames.DONE,
                    RuntimeNames.DONE_VOID_DESC),
            // An awaited close is first written as a call of this overload, which the await pass
            // then rewrites like the user's own awaits: it is in no rewritten class.
            member(
                    Role.RECOGNISED,
                    Kind.STATIC_METHOD,
                    RuntimeNames.ASYNCIO,
                    RuntimeNames.AWAIT,
                    RuntimeNames.AWAIT_AWAITABLE_DESC),
            type(Role.EMITTED, Kind.CLASS, Type.getType(RuntimeNames.FRAME_DESC)),
            member(Role.EMITTED, Kind.CONSTRUCTOR, RuntimeNames.FRAME, "<init>", RuntimeNames.FRAME_INIT_DESC),
            member(Role.EMITTED, Kind.STATIC_FIELD, RuntimeNames.FRAME, RuntimeNames.SUSPENDED, "Ljava/lang/Object;"),
            member(Role.EMITTED, Kind.ASSIGNED_FIELD, RuntimeNames.FRAME, RuntimeNames.LABEL, "I"),
            member(Role.EMITTED, Kind.ASSIGNED_FIELD, RuntimeNames.FRAME, RuntimeNames.LINE, "I"),
            member(Role.EMITTED, Kind.FIELD, RuntimeNames.FRAME, RuntimeNames.REFS, "[Ljava/lang/Object;"),
            member(Role.EMITTED, Kind.FIELD, RuntimeNames.FRAME, RuntimeNames.PRIMS, "[J"),
            member(Role.EMITTED, Kind.METHOD, RuntimeNames.FRAME, RuntimeNames.REFS, RuntimeNames.REFS_DESC),
            member(Role.EMITTED, Kind.METHOD, RuntimeNames.FRAME, RuntimeNames.PRIMS, RuntimeNames.PRIMS_DESC),
            member(Role.EMITTED, Kind.METHOD, RuntimeNames.FRAME, RuntimeNames.AWAIT, RuntimeNames.FRAME_AWAIT_DESC),
            member(
                    Role.EMITTED,
                    Kind.METHOD,
                    RuntimeNames.FRAME,
                    RuntimeNames.RESUME_VALUE,
                    RuntimeNames.RESUME_VALUE_DESC),
            member(
                    Role.EMITTED,
                    Kind.STATIC_METHOD,
                    RuntimeNames.FRAME,
                    RuntimeNames.DONE,
                    RuntimeNames.FRAME_DONE_DESC),
            member(
                    Role.EMITTED,
                    Kind.STATIC_METHOD,
                    RuntimeNames.FRAME,
                    RuntimeNames.COMPLETE,
                    RuntimeNames.COMPLETE_DESC),
            member(
                    Role.EMITTED,
                    Kind.LAMBDA_METHOD,
                    RuntimeNames.STATE_MACHINE,
                    RuntimeNames.RESUME,
                    RuntimeNames.RESUME_DESC),
            type(Role.RECOGNISED, Kind.INTERFACE, Type.getObjectType(RuntimeNames.ASYNC_CLOSEABLE)),
            member(
                    Role.EMITTED,
                    Kind.INTERFACE_METHOD,
                    RuntimeNames.ASYNC_CLOSEABLE,
                    RuntimeNames.ACLOSE,
                    RuntimeNames.ACLOSE_DESC),
            member(
                    Role.EMITTED,
                    Kind.STATIC_METHOD,
                    RuntimeNames.RESOURCE_EXIT,
                    RuntimeNames.LEAVING,
                    RuntimeNames.LEAVING_DESC));

    private RuntimeProtocol() {}

    private static Member type(Role role, Kind kind, Type type) {
        return new Member(role, kind, type.getInternalName(), null, null);
    }

    private static Member member(Role role, Kind kind, String owner, String name, String descriptor) {
        return new Member(role, kind, owner, name, descriptor);
    }

    /** Every class and member of the protocol, in no particular order. */
    public static List<Member> members() {
        return MEMBERS;
    }

    /**
     * What {@code loader}'s classes lack for the protocol, one sentence each; empty when every
     * member is there with its descriptor, its static-ness and public access, and when every
     * {@code Asyncio.await} overload is one the agent rewrites.
     */
    public static List<String> mismatches(ClassLoader loader) {
        List<String> out = new ArrayList<>();
        for (Member m : MEMBERS) {
            Class<?> owner;
            try {
                owner = Class.forName(m.owner().replace('/', '.'), false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                out.add(m.owner() + " is missing (" + e + ")");
                continue;
            }
            String problem = problem(m, owner);
            if (problem != null) {
                out.add(m + ": " + problem);
            }
        }
        try {
            Class<?> asyncio = Class.forName(RuntimeNames.ASYNCIO.replace('/', '.'), false, loader);
            for (Method method : asyncio.getMethods()) {
                String desc = Type.getMethodDescriptor(method);
                if (method.getName().equals(RuntimeNames.AWAIT)
                        && Modifier.isStatic(method.getModifiers())
                        && !RuntimeNames.isAwait(RuntimeNames.ASYNCIO, RuntimeNames.AWAIT, desc)) {
                    out.add(RuntimeNames.ASYNCIO + ".await " + desc
                            + ": an await overload the agent does not recognise as a suspension point");
                }
            }
        } catch (ClassNotFoundException | LinkageError e) {
            // reported above, with the members of the class
        }
        return out;
    }

    /**
     * What {@code m} names in {@code owner}, its class: {@code owner} itself for a class, else the
     * public constructor or method with {@code m}'s descriptor, or the public field of its name
     * (whatever its type); null if there is none.
     */
    public static AnnotatedElement find(Member m, Class<?> owner) {
        switch (m.kind()) {
            case CLASS:
            case INTERFACE:
            case ANNOTATION:
                return owner;
            case CONSTRUCTOR:
                for (Constructor<?> c : owner.getConstructors()) {
                    if (Type.getConstructorDescriptor(c).equals(m.descriptor())) {
                        return c;
                    }
                }
                return null;
            case STATIC_METHOD:
            case METHOD:
            case INTERFACE_METHOD:
            case LAMBDA_METHOD:
                for (Method method : owner.getMethods()) {
                    if (method.getName().equals(m.name())
                            && Type.getMethodDescriptor(method).equals(m.descriptor())) {
                        return method;
                    }
                }
                return null;
            default:
                try {
                    return owner.getField(m.name());
                } catch (NoSuchFieldException e) {
                    return null;
                }
        }
    }

    private static String problem(Member m, Class<?> owner) {
        if (!Modifier.isPublic(owner.getModifiers())) {
            return "the class is not public";
        }
        switch (m.kind()) {
            case CLASS:
                return owner.isInterface() ? "is an interface, not a class" : null;
            case INTERFACE:
                return owner.isInterface() && !owner.isAnnotation() ? null : "is not an interface";
            case ANNOTATION:
                if (!owner.isAnnotation()) {
                    return "is not an annotation type";
                }
                Retention retention = owner.getAnnotation(Retention.class);
                return retention != null && retention.value() == RetentionPolicy.RUNTIME
                        ? null
                        : "does not have runtime retention";
            case CONSTRUCTOR:
                return find(m, owner) != null ? null : "no public constructor with that descriptor";
            case STATIC_METHOD:
            case METHOD:
            case INTERFACE_METHOD:
            case LAMBDA_METHOD:
                return methodProblem(m, owner);
            default:
                return fieldProblem(m, owner);
        }
    }

    private static String methodProblem(Member m, Class<?> owner) {
        boolean onInterface = m.kind() == Kind.INTERFACE_METHOD || m.kind() == Kind.LAMBDA_METHOD;
        if (onInterface != owner.isInterface()) {
            return onInterface ? "the owner is not an interface" : "the owner is an interface";
        }
        Method found = (Method) find(m, owner);
        if (found == null) {
            return "no public method with that name and descriptor";
        }
        boolean wantStatic = m.kind() == Kind.STATIC_METHOD;
        if (Modifier.isStatic(found.getModifiers()) != wantStatic) {
            return wantStatic ? "is not static" : "is static";
        }
        if (m.kind() == Kind.LAMBDA_METHOD) {
            int abstractMethods = 0;
            for (Method method : owner.getMethods()) {
                if (Modifier.isAbstract(method.getModifiers())) {
                    abstractMethods++;
                }
            }
            if (!Modifier.isAbstract(found.getModifiers()) || abstractMethods != 1) {
                return "is not the interface's single abstract method, so a lambda cannot implement it";
            }
        }
        return null;
    }

    private static String fieldProblem(Member m, Class<?> owner) {
        Field field = (Field) find(m, owner);
        if (field == null) {
            return "no public field of that name";
        }
        if (!Type.getDescriptor(field.getType()).equals(m.descriptor())) {
            return "the field's type is " + Type.getDescriptor(field.getType());
        }
        boolean wantStatic = m.kind() == Kind.STATIC_FIELD;
        if (Modifier.isStatic(field.getModifiers()) != wantStatic) {
            return wantStatic ? "is not static" : "is static";
        }
        if (m.kind() == Kind.ASSIGNED_FIELD && Modifier.isFinal(field.getModifiers())) {
            return "is final, but rewritten code assigns it";
        }
        return null;
    }
}
