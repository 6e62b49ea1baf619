package io.jasyncio.apicheck;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * The part of a Maven plugin's API its classes do not show: the goals of its descriptor
 * ({@code META-INF/maven/plugin.xml}) and, for each, the parameters a user can set in a pom, with
 * their type, default and user property. Read-only parameters (filled in by Maven) are left out.
 */
final class PluginGoals {
    /** Where a Maven plugin jar keeps its descriptor. */
    static final String DESCRIPTOR = "META-INF/maven/plugin.xml";

    private PluginGoals() {}

    /** The goals of the descriptor in {@code in}, one block each, in goal order. */
    static String of(InputStream in) throws IOException {
        Element plugin;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            plugin = factory.newDocumentBuilder().parse(in).getDocumentElement();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("unreadable " + DESCRIPTOR + ": " + e.getMessage(), e);
        }
        String prefix = text(plugin, "goalPrefix");
        List<String> blocks = new ArrayList<>();
        for (Element mojo : children(child(plugin, "mojos"), "mojo")) {
            StringBuilder block =
                    new StringBuilder("goal ").append(prefix).append(':').append(text(mojo, "goal"));
            String phase = text(mojo, "phase");
            if (!phase.isEmpty()) {
                block.append(" (phase ").append(phase).append(')');
            }
            block.append(" {\n");
            Element configuration = child(mojo, "configuration");
            List<String> parameters = new ArrayList<>();
            for (Element parameter : children(child(mojo, "parameters"), "parameter")) {
                if (!"true".equals(text(parameter, "editable"))) {
                    continue;
                }
                String name = text(parameter, "name");
                StringBuilder line =
                        new StringBuilder("\tparameter ").append(name).append(' ');
                line.append(text(parameter, "type"));
                if ("true".equals(text(parameter, "required"))) {
                    line.append(" required");
                }
                Element value = configuration == null ? null : child(configuration, name);
                if (value != null) {
                    if (value.hasAttribute("default-value")) {
                        line.append(" default=").append(value.getAttribute("default-value"));
                    }
                    String expression = value.getTextContent().trim();
                    if (expression.startsWith("${") && expression.endsWith("}")) {
                        line.append(" property=").append(expression, 2, expression.length() - 1);
                    }
                }
                parameters.add(line.append('\n').toString());
            }
            parameters.sort(null);
            parameters.forEach(block::append);
            blocks.add(block.append("}\n\n").toString());
        }
        blocks.sort(null);
        return String.join("", blocks);
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? null : found.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        if (parent != null) {
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element && n.getNodeName().equals(name)) {
                    found.add((Element) n);
                }
            }
        }
        return found;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, name);
        return e == null ? "" : e.getTextContent().trim();
    }
}
