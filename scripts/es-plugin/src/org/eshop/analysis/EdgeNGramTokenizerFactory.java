package org.eshop.analysis;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenizerFactory;

/** Splits text into words of the token_chars classes, emitting their prefixes; options: min_gram, max_gram, token_chars, custom_token_chars. */
final class EdgeNGramTokenizerFactory extends AbstractTokenizerFactory {

    private final int minGram;
    private final int maxGram;
    /** Null when token_chars is empty: every character belongs to the token. */
    private final IntPredicate tokenChar;

    EdgeNGramTokenizerFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(indexSettings, settings, name);
        this.minGram = settings.getAsInt("min_gram", 1);
        this.maxGram = settings.getAsInt("max_gram", 2);
        if (minGram < 1 || maxGram < minGram) {
            throw new IllegalArgumentException(
                "edge_ngram tokenizer [" + name + "] needs 1 <= min_gram <= max_gram, got " + minGram + ".." + maxGram);
        }
        this.tokenChar = tokenChars(name, settings);
    }

    @Override
    public Tokenizer create() {
        if (tokenChar == null) {
            return new EdgeNGramTokenizer(minGram, maxGram);
        }
        IntPredicate keep = tokenChar;
        return new EdgeNGramTokenizer(minGram, maxGram) {
            @Override
            protected boolean isTokenChar(int chr) {
                return keep.test(chr);
            }
        };
    }

    private static IntPredicate tokenChars(String name, Settings settings) {
        List<String> classes = settings.getAsList("token_chars");
        if (classes.isEmpty()) {
            return null;
        }
        IntPredicate any = chr -> false;
        for (String raw : classes) {
            any = any.or(switch (raw.toLowerCase(Locale.ROOT).trim()) {
                case "letter" -> Character::isLetter;
                case "digit" -> Character::isDigit;
                case "whitespace" -> Character::isWhitespace;
                case "punctuation" -> EdgeNGramTokenizerFactory::isPunctuation;
                case "symbol" -> EdgeNGramTokenizerFactory::isSymbol;
                case "custom" -> customChars(name, settings);
                default -> throw new IllegalArgumentException("edge_ngram tokenizer [" + name + "]: unknown token_chars class ["
                    + raw + "], expected letter, digit, whitespace, punctuation, symbol or custom");
            });
        }
        return any;
    }

    private static IntPredicate customChars(String name, Settings settings) {
        String chars = settings.get("custom_token_chars", "");
        if (chars.isEmpty()) {
            throw new IllegalArgumentException(
                "edge_ngram tokenizer [" + name + "]: token_chars class [custom] needs custom_token_chars");
        }
        Set<Integer> codePoints = chars.codePoints().boxed().collect(Collectors.toUnmodifiableSet());
        return chr -> codePoints.contains(chr);
    }

    private static boolean isPunctuation(int chr) {
        return switch (Character.getType(chr)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
                Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    private static boolean isSymbol(int chr) {
        return switch (Character.getType(chr)) {
            case Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
            default -> false;
        };
    }
}
