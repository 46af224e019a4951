package io.github.lineage.sql;

/**
 * One statement cut out of a file by {@link StatementSplitter}: its 0-based index among the
 * non-empty statements, the 1-based line of its first significant character, its text (without the
 * terminating {@code ;}) and the deepest parenthesis nesting seen outside strings and comments.
 */
public record SqlChunk(int index, int line, String text, int maxDepth) {}
