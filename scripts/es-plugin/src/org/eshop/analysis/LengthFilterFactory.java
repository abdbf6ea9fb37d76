package org.eshop.analysis;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.env.Environment;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.AbstractTokenFilterFactory;

/** Drops tokens shorter than min or longer than max characters; options: min, max. */
final class LengthFilterFactory extends AbstractTokenFilterFactory {

    private final int min;
    private final int max;

    LengthFilterFactory(IndexSettings indexSettings, Environment env, String name, Settings settings) {
        super(name, settings);
        this.min = settings.getAsInt("min", 0);
        this.max = settings.getAsInt("max", Integer.MAX_VALUE);
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("length filter [" + name + "] needs 0 <= min <= max, got " + min + ".." + max);
        }
    }

    @Override
    public TokenStream create(TokenStream tokenStream) {
        return new LengthFilter(tokenStream, min, max);
    }
}
