package hubchat.docker;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names a PromQL expression selects, as a dashboard's queries are checked against
 * what the server exports: every bare name ({@code rate(hubchat_deliveries_total[1m])}) and
 * every {@code __name__="..."} matcher, but not functions, aggregation operators, keywords, label
 * names (in braces, or after {@code by}, {@code without}, {@code on}, {@code ignoring},
 * {@code group_left}, {@code group_right}), strings, numbers, durations or Grafana's
 * {@code $variables}. A lexer, not a parser: it reads what valid PromQL can hold, and refuses
 * what it cannot read surely (an unterminated string, bracket or brace; a name chosen by regex).
 */
final class PromQlNames {

    /** Aggregation operators: keywords even when followed by {@code by (...)} rather than {@code (}. */
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    /** Keywords followed by a list of label names in parentheses (optional for the group modifiers). */
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right");
    /** Binary-operator and modifier keywords, and the special float literals. */
    private static final Set<String> OTHER_KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2", "inf", "nan");
    /** The label that holds a series' metric name. */
    private static final String NAME_LABEL = "__name__";

    private final String expr;
    private int pos;
    private final Set<String> names = new TreeSet<>();

    private PromQlNames(String expr) {
        this.expr = expr;
    }

    /** The metric names {@code expr} selects, sorted; throws {@link IllegalArgumentException} on what it cannot read. */
    static Set<String> in(String expr) {
        PromQlNames lexer = new PromQlNames(expr);
        lexer.scan();
        return lexer.names;
    }

    private void scan() {
        while (pos < expr.length()) {
            char c = expr.charAt(pos);
            if (c == '#') {
                skipComment();
            } else if (c == '"' || c == '\'' || c == '`') {
                string();
            } else if (c == '[') {
                skipPast(']', "range");
            } else if (c == '{') {
                matchers();
            } else if (c == '$') {
                skipVariable();
            } else if (isDigit(c) || (c == '.' && pos + 1 < expr.length() && isDigit(expr.charAt(pos + 1)))) {
                skipNumber();
            } else if (isNameStart(c)) {
                identifier();
            } else {
                pos++; // operators, parentheses, commas, '@', white space
            }
        }
    }

    private void identifier() {
        String word = name();
        String lower = word.toLowerCase(Locale.ROOT);
        if (LABEL_LIST_KEYWORDS.contains(lower)) {
            skipSpace();
            if (pos < expr.length() && expr.charAt(pos) == '(') {
                skipPast(')', "label list");
            }
        } else if (OTHER_KEYWORDS.contains(lower) || AGGREGATIONS.contains(lower) || nextIs('(')) {
            // a keyword, an aggregation (its body is scanned next) or a function call
        } else {
            names.add(word);
        }
    }

    /** A selector's {@code {label op "value", ...}}: label names are not metric names, {@code __name__="x"} is. */
    private void matchers() {
        int open = pos++;
        while (true) {
            skipSpace();
            if (pos >= expr.length()) {
                throw new IllegalArgumentException("unterminated '{' at " + open + ": " + expr);
            }
            char c = expr.charAt(pos);
            if (c == '}') {
                pos++;
                return;
            }
            if (c == ',') {
                pos++;
                continue;
            }
            String label = c == '"' || c == '\'' || c == '`' ? string() : isNameStart(c) ? name() : null;
            if (label == null) {
                throw new IllegalArgumentException("a label name expected at " + pos + ": " + expr);
            }
            skipSpace();
            int opStart = pos;
            while (pos < expr.length() && "=!~".indexOf(expr.charAt(pos)) >= 0) {
                pos++;
            }
            String op = expr.substring(opStart, pos);
            skipSpace();
            if (op.isEmpty()) { // a bare string or name in braces: the metric name (Prometheus 3)
                names.add(label);
                continue;
            }
            String value = pos < expr.length() && "\"'`".indexOf(expr.charAt(pos)) >= 0 ? string() : null;
            if (value == null) {
                throw new IllegalArgumentException("a quoted value expected at " + pos + ": " + expr);
            }
            if (label.equals(NAME_LABEL)) {
                if (!op.equals("=")) {
                    throw new IllegalArgumentException("metric names chosen by " + NAME_LABEL + op + " cannot be checked: " + expr);
                }
                names.add(value);
            }
        }
    }

    /** A quoted string starting here, unescaped (backquoted: raw), and moves past it. */
    private String string() {
        char quote = expr.charAt(pos);
        int open = pos++;
        StringBuilder text = new StringBuilder();
        while (pos < expr.length()) {
            char c = expr.charAt(pos++);
            if (c == quote) {
                return text.toString();
            }
            if (c == '\\' && quote != '`' && pos < expr.length()) {
                c = expr.charAt(pos++);
            }
            text.append(c);
        }
        throw new IllegalArgumentException("unterminated string at " + open + ": " + expr);
    }

    /** Past the {@code close} matching the bracket here; strings inside may hold it. */
    private void skipPast(char close, String what) {
        char open = expr.charAt(pos);
        int start = pos++;
        int depth = 1;
        while (pos < expr.length()) {
            char c = expr.charAt(pos);
            if (c == '"' || c == '\'' || c == '`') {
                string();
                continue;
            }
            pos++;
            if (c == open) {
                depth++;
            } else if (c == close && --depth == 0) {
                return;
            }
        }
        throw new IllegalArgumentException("unterminated " + what + " at " + start + ": " + expr);
    }

    /** A Grafana variable: {@code $name}, {@code ${name}} or {@code ${name:format}}. */
    private void skipVariable() {
        pos++;
        if (pos < expr.length() && expr.charAt(pos) == '{') {
            skipPast('}', "variable");
        } else {
            while (pos < expr.length() && isNamePart(expr.charAt(pos))) {
                pos++;
            }
        }
    }

    /** A number (1, 0.5, 1e-3, 0x1F) or a duration (5m, 1h30m, 500ms). */
    private void skipNumber() {
        boolean hex = expr.startsWith("0x", pos) || expr.startsWith("0X", pos);
        while (pos < expr.length()) {
            char c = expr.charAt(pos);
            char before = expr.charAt(pos - 1 < 0 ? 0 : pos - 1);
            boolean exponentSign = !hex && (c == '+' || c == '-') && (before == 'e' || before == 'E');
            if (Character.isLetterOrDigit(c) || c == '.' || c == '_' || exponentSign) {
                pos++;
            } else {
                return;
            }
        }
    }

    private void skipComment() {
        while (pos < expr.length() && expr.charAt(pos) != '\n') {
            pos++;
        }
    }

    private String name() {
        int start = pos;
        while (pos < expr.length() && isNamePart(expr.charAt(pos))) {
            pos++;
        }
        return expr.substring(start, pos);
    }

    private boolean nextIs(char c) {
        skipSpace();
        return pos < expr.length() && expr.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < expr.length() && Character.isWhitespace(expr.charAt(pos))) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || isDigit(c);
    }
}
