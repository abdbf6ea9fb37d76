package org.eshop.analysis;

import java.util.Map;

import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * Registers the two token filters the shop's analyzers need that the bare
 * server (Maven Central's integ-test-zip) lacks. The names and options match
 * the stock analysis-common module, so the same index settings work on the
 * official Docker image, where this plugin is not installed.
 */
public final class EshopAnalysisPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", AsciiFoldingFilterFactory::new,
            "edge_ngram", EdgeNGramFilterFactory::new
        );
    }
}
