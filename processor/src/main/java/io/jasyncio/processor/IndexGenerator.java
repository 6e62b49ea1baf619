package io.jasyncio.processor;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.FieldSpec;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeSpec;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;

/**
 * Writes the index: the resource {@value Names#INDEX_RESOURCE} that the runtime reads, and, with
 * JavaPoet, one class {@value Names#INDEX_CLASS} per package holding that package's share of it.
 * Reads the previous resource back so a partial recompilation can merge with it, and copes with
 * a build that hands an earlier build's generated class back to javac as a source.
 */
final class IndexGenerator {
    private static final String GENERATED = "javax.annotation.processing.Generated";

    /** What {@link #writeSource} did. */
    enum SourceWrite {
        /** The class was generated. */
        WRITTEN,
        /** The earlier build's class, among this compilation's sources, already says the same. */
        UP_TO_DATE,
        /**
         * The earlier build's class is among this compilation's sources and out of date: this
         * compilation compiles it as it was; its file was rewritten for the next compilation.
         */
        REWRITTEN_FOR_NEXT_COMPILATION
    }

    private final Filer filer;
    private final Elements elements;
    private final Trees trees;

    /** {@code trees} may be null (not javac): then an earlier build's class cannot be recognised. */
    IndexGenerator(Filer filer, Elements elements, Trees trees) {
        this.filer = filer;
        this.elements = elements;
        this.trees = trees;
    }

    /**
     * The resource left in the class output by an earlier compilation, or null when there is
     * none (a clean build) or it cannot be read.
     */
    AsyncIndex readPrevious() {
        try {
            FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", Names.INDEX_RESOURCE);
            return AsyncIndex.parse(file.getCharContent(true));
        } catch (IOException | RuntimeException e) {
            return null; // no previous index: nothing to merge
        }
    }

    /** Writes the resource (a new file replacing any previous one). */
    void writeResource(AsyncIndex index, Element... originatingElements) throws IOException {
        FileObject file =
                filer.createResource(StandardLocation.CLASS_OUTPUT, "", Names.INDEX_RESOURCE, originatingElements);
        try (Writer writer = new java.io.OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
            writer.write(index.format());
        }
    }

    /**
     * Writes {@code <packageName>.Jasyncio_Index} listing the package's indexed classes.
     *
     * <p>Maven's compiler plugin (and other tools) put the generated-sources directory among the
     * source roots, so a build without {@code clean} passes the earlier build's {@code
     * Jasyncio_Index.java} back to javac as a source; the {@link Filer} then refuses to create
     * that type again. That file is recognised by its path (the source output's), left alone
     * when it already holds what would be written, and otherwise rewritten in place: javac has
     * parsed it already, so this compilation still compiles its old list, and the next one the
     * new. A class of that name that is not in the source output is the user's, and a clash.
     */
    SourceWrite writeSource(String packageName, List<String> binaryNames, Element... originatingElements)
            throws IOException {
        JavaFile javaFile = javaFile(packageName, binaryNames, originatingElements);
        JavaFileObject earlier = sourceInThisCompilation(qualified(packageName));
        if (earlier == null) {
            javaFile.writeTo(filer);
            return SourceWrite.WRITTEN;
        }
        FileObject ours = filer.getResource(StandardLocation.SOURCE_OUTPUT, packageName, Names.INDEX_CLASS + ".java");
        if (!ours.toUri().normalize().equals(earlier.toUri().normalize())) {
            throw new IndexClassClashException(qualified(packageName), earlier.toUri());
        }
        String text = javaFile.toString();
        if (text.contentEquals(earlier.getCharContent(true))) {
            return SourceWrite.UP_TO_DATE;
        }
        try (Writer writer = earlier.openWriter()) {
            writer.write(text);
        }
        return SourceWrite.REWRITTEN_FOR_NEXT_COMPILATION;
    }

    static String qualified(String packageName) {
        return packageName.isEmpty() ? Names.INDEX_CLASS : packageName + "." + Names.INDEX_CLASS;
    }

    /** The source file the type is compiled from in this compilation, or null. */
    private JavaFileObject sourceInThisCompilation(String qualifiedName) {
        if (trees == null) {
            return null;
        }
        TypeElement existing = elements.getTypeElement(qualifiedName);
        TreePath path = existing == null ? null : trees.getPath(existing);
        return path == null ? null : path.getCompilationUnit().getSourceFile();
    }

    /** A class of the generated index class's name that the processor did not generate. */
    static final class IndexClassClashException extends IOException {
        private static final long serialVersionUID = 1L;

        final String className;

        IndexClassClashException(String className, URI source) {
            super(className + " in " + source);
            this.className = className;
        }
    }

    JavaFile javaFile(String packageName, List<String> binaryNames, Element... originatingElements) {
        CodeBlock.Builder names = CodeBlock.builder().add("{\n$>$>");
        for (int i = 0; i < binaryNames.size(); i++) {
            names.add(i == 0 ? "$S" : ",\n$S", binaryNames.get(i));
        }
        names.add("\n$<$<}");

        TypeSpec.Builder type = TypeSpec.classBuilder(Names.INDEX_CLASS)
                .addModifiers(Modifier.FINAL)
                .addJavadoc(
                        "The classes of this package that declare {@code @Async} methods,"
                                + " by binary name.\n\n<p>Generated by jasyncio-processor. The"
                                + " runtime reads the same list from the resource\n{@code $L}.\n",
                        Names.INDEX_RESOURCE)
                .addField(FieldSpec.builder(String[].class, "CLASSES", Modifier.STATIC, Modifier.FINAL)
                        .initializer(names.build())
                        .build())
                .addMethod(MethodSpec.constructorBuilder()
                        .addModifiers(Modifier.PRIVATE)
                        .build());
        if (elements.getTypeElement(GENERATED) != null) {
            type.addAnnotation(AnnotationSpec.builder(ClassName.bestGuess(GENERATED))
                    .addMember("value", "$S", AsyncProcessor.class.getName())
                    .build());
        }
        for (Element element : originatingElements) {
            type.addOriginatingElement(element);
        }
        return JavaFile.builder(packageName, type.build())
                .addFileComment("Generated by jasyncio-processor. Do not edit.")
                .skipJavaLangImports(true)
                .build();
    }
}
