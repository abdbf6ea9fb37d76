package org.eshop.analysis;

import java.util.Map;

import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * Registers the analysis components the shop's analyzers and relevance
 * benchmark need that the bare server (Maven Central's integ-test-zip) lacks:
 * the {@code asciifolding}, {@code edge_ngram} and {@code length} token
 * filters, the {@code edge_ngram} tokenizer and the {@code html_strip} char
 * filter. The names and options match the stock analysis-common module, so the
 * same index settings work on the official Docker image, where this plugin is
 * not installed.
 */
public final class EshopAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", AsciiFoldingFilterFactory::new,
            "edge_ngram", EdgeNGramFilterFactory::new,
            "length", LengthFilterFactory::new
        );
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("edge_ngram", EdgeNGramTokenizerFactory::new);
    }

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        return Map.of("html_strip", HtmlStripCharFilterFactory::new);
    }
}
