package io.jasyncio.agent.rewrite;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.BasicVerifier;
import org.objectweb.asm.util.CheckClassAdapter;

/**
 * Checks a rewritten class file without loading any class: {@link CheckClassAdapter}'s structural
 * checks, then ASM's {@link BasicVerifier} data flow over every method (stack heights, primitive
 * versus reference kinds). Used by the agent's {@code verify} option and by the weave command;
 * the tests add full type checking with a class loader.
 */
public final class RewriteVerifier {
    private RewriteVerifier() {}

    /**
     * Returns {@code null} if the class passes, else a description of the first problem.
     */
    public static String check(byte[] classFile) {
        try {
            ClassReader reader = new ClassReader(classFile);
            reader.accept(new CheckClassAdapter(null, false), 0);
            ClassNode cls = new ClassNode(Opcodes.ASM9);
            reader.accept(cls, ClassReader.SKIP_FRAMES);
            for (MethodNode m : cls.methods) {
                if ((m.access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0) {
                    continue;
                }
                try {
                    new Analyzer<BasicValue>(new BasicVerifier()).analyze(cls.name, m);
                } catch (AnalyzerException e) {
                    return m.name + m.desc + ": " + e.getMessage();
                }
            }
            return null;
        } catch (RuntimeException e) {
            StringWriter out = new StringWriter();
            e.printStackTrace(new PrintWriter(out));
            return out.toString();
        }
    }
}
