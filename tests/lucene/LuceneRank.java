// Ranks queries with real Lucene over helpbook's OpenSearch export, the way
// OpenSearch would: the analyzers of index.json built from Lucene's own
// factories (the classes OpenSearch's analysis-common module wraps), one
// segment, and per field either the export's similarity (tantivy's BM25
// with the site's N and average length, as the scripted similarity in
// index.json computes it) or Lucene's stock BM25Similarity (what
// `"type": "BM25"` would give). Used by tests/lucene_parity.rs.
//
//   java -cp <lucene jar>:<classes> LuceneRank INDEX_JSON BULK_NDJSON export|bm25 FIELD=BOOST,... < queries
//   java -cp <lucene jar>:<classes> LuceneRank --analyze INDEX_JSON < texts
//
// Queries on standard input, one `lang<TAB>query` per line; prints one line
// per query: the `doc` numbers of the top 10, space-separated, best first
// (ties by `doc` ascending, as the template sorts). With --analyze, each
// line of standard input is a JSON string, and each line printed is the
// JSON array of the tokens index.json's `helpbook` analyzer makes of it.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.custom.CustomAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FieldInvertState;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermStatistics;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.search.similarities.PerFieldSimilarityWrapper;
import org.apache.lucene.search.similarities.Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.SmallFloat;

public class LuceneRank {
  /** An OpenSearch analyzer definition, built from Lucene's factories. */
  static Analyzer analyzer(JsonNode analysis, String name) throws Exception {
    JsonNode a = analysis.get("analyzer").get(name);
    CustomAnalyzer.Builder b = CustomAnalyzer.builder();
    for (JsonNode cf : a.path("char_filter")) {
      JsonNode d = analysis.get("char_filter").get(cf.asText());
      require(d.get("type").asText().equals("pattern_replace"), "char filter " + d);
      b.addCharFilter("patternReplace", "pattern", d.get("pattern").asText(), "replacement", d.get("replacement").asText());
    }
    JsonNode t = analysis.get("tokenizer").get(a.get("tokenizer").asText());
    switch (t.get("type").asText()) {
      case "standard" -> b.withTokenizer("standard", "maxTokenLength", t.get("max_token_length").asText());
      case "pattern" -> b.withTokenizer("pattern", "pattern", t.get("pattern").asText(), "group", "-1");
      default -> throw new IllegalArgumentException("tokenizer " + t);
    }
    boolean unique = false;
    for (JsonNode f : a.path("filter")) {
      String n = f.asText();
      require(!unique, "a filter after `unique`");
      JsonNode d = analysis.path("filter").get(n);
      if (d == null) {
        switch (n) {
          case "cjk_width" -> b.addTokenFilter("cjkWidth");
          case "lowercase" -> b.addTokenFilter("lowercase");
          default -> throw new IllegalArgumentException("built-in filter " + n);
        }
        continue;
      }
      switch (d.get("type").asText()) {
        case "cjk_bigram" -> {
          List<String> ignored = new ArrayList<>();
          d.path("ignored_scripts").forEach(s -> ignored.add(s.asText()));
          b.addTokenFilter("cjkBigram", "han", flag(!ignored.contains("han")), "hiragana", flag(!ignored.contains("hiragana")),
              "katakana", flag(!ignored.contains("katakana")), "hangul", flag(!ignored.contains("hangul")),
              "outputUnigrams", d.path("output_unigrams").asText("false"));
        }
        case "length" -> b.addTokenFilter("length", "min", d.get("min").asText(), "max", d.get("max").asText());
        case "stemmer" -> {
          require(d.get("language").asText().equals("minimal_english"), "stemmer " + d);
          b.addTokenFilter("englishMinimalStem");
        }
        case "shingle" -> b.addTokenFilter("shingle", "minShingleSize", d.get("min_shingle_size").asText(),
            "maxShingleSize", d.get("max_shingle_size").asText(), "outputUnigrams", d.get("output_unigrams").asText(),
            "tokenSeparator", d.get("token_separator").asText());
        case "pattern_replace" -> b.addTokenFilter("patternReplace", "pattern", d.get("pattern").asText(),
            "replacement", d.get("replacement").asText(), "replace", "all");
        // OpenSearch's own filter (not Lucene's): drops a token seen before
        // in the stream; it can only be last here, and tokens() applies it.
        case "unique" -> {
          require(!d.path("only_on_same_position").asBoolean(false), "unique " + d);
          unique = true;
        }
        default -> throw new IllegalArgumentException("filter " + d);
      }
    }
    Analyzer built = b.build();
    if (unique) UNIQUE.add(built);
    return built;
  }

  static final java.util.Set<Analyzer> UNIQUE = new java.util.HashSet<>();

  static String flag(boolean b) { return b ? "true" : "false"; }

  static void require(boolean ok, String what) {
    if (!ok) throw new IllegalArgumentException("unsupported: " + what);
  }

  static final float[] LENGTH_TABLE = new float[256];
  static {
    for (int i = 0; i < 256; i++) LENGTH_TABLE[i] = SmallFloat.byte4ToInt((byte) i);
  }

  /** The export's scripted similarity: tantivy's BM25 with N and avgdl written in. */
  static final class Exported extends Similarity {
    final double n, avgdl;
    final BM25Similarity norms = new BM25Similarity();
    Exported(double n, double avgdl) { this.n = n; this.avgdl = avgdl; }
    @Override public long computeNorm(FieldInvertState state) { return norms.computeNorm(state); }
    @Override public SimScorer scorer(float boost, CollectionStatistics c, TermStatistics... terms) {
      double idf = 0;
      for (TermStatistics t : terms) {
        double df = t.docFreq();
        idf += Math.log(1.0 + (n - df + 0.5) / (df + 0.5));
      }
      final double weight = boost * 2.2 * idf;
      return new SimScorer() {
        @Override public float score(float freq, long norm) {
          double dl = LENGTH_TABLE[((byte) norm) & 0xFF];
          return (float) (weight * freq / (freq + 1.2 * (0.25 + 0.75 * dl / avgdl)));
        }
      };
    }
  }

  static final Pattern N = Pattern.compile("\\(([0-9.]+) - df");
  static final Pattern AVGDL = Pattern.compile("doc\\.length / ([0-9.eE+-]+)\\)");

  static double number(Pattern p, String text) {
    Matcher m = p.matcher(text);
    require(m.find(), "script " + text);
    return Double.parseDouble(m.group(1));
  }

  static List<String> tokens(Analyzer analyzer, String field, String text) throws Exception {
    List<String> out = new ArrayList<>();
    try (TokenStream ts = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
      ts.reset();
      java.util.Set<String> seen = new java.util.HashSet<>();
      while (ts.incrementToken()) {
        if (!UNIQUE.contains(analyzer) || seen.add(term.toString())) out.add(term.toString());
      }
      ts.end();
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    if (args[0].equals("--analyze")) {
      JsonNode analysis = json.readTree(Files.readString(Path.of(args[1]))).get("settings").get("analysis");
      Analyzer analyzer = analyzer(analysis, "helpbook");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      StringBuilder out = new StringBuilder();
      String line;
      while ((line = in.readLine()) != null) {
        out.append(json.writeValueAsString(tokens(analyzer, "body", json.readTree(line).asText()))).append('\n');
      }
      System.out.print(out);
      return;
    }
    JsonNode index = json.readTree(Files.readString(Path.of(args[0])));
    boolean exported = args[2].equals("export");
    Map<String, Float> boosts = new LinkedHashMap<>();
    for (String pair : args[3].split(",")) {
      String[] kv = pair.split("=");
      boosts.put(kv[0], Float.parseFloat(kv[1]));
    }
    JsonNode analysis = index.get("settings").get("analysis");
    JsonNode properties = index.get("mappings").get("properties");
    JsonNode similarities = index.get("settings").get("index").get("similarity");
    Map<String, Analyzer> indexAnalyzers = new HashMap<>();
    Map<String, Analyzer> searchAnalyzers = new HashMap<>();
    Map<String, Similarity> perField = new HashMap<>();
    List<String> textFields = new ArrayList<>();
    for (var it = properties.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode p = e.getValue();
      if (!p.path("type").asText().equals("text")) continue;
      textFields.add(e.getKey());
      indexAnalyzers.put(e.getKey(), analyzer(analysis, p.get("analyzer").asText()));
      searchAnalyzers.put(e.getKey(), analyzer(analysis, p.get("search_analyzer").asText()));
      JsonNode s = similarities.get(p.get("similarity").asText());
      perField.put(e.getKey(), exported
          ? new Exported(number(N, s.get("weight_script").get("source").asText()), number(AVGDL, s.get("script").get("source").asText()))
          : new BM25Similarity());
    }
    Similarity similarity = new PerFieldSimilarityWrapper() {
      @Override public Similarity get(String name) { return perField.getOrDefault(name, new BM25Similarity()); }
    };
    Analyzer indexing = new PerFieldAnalyzerWrapper(new org.apache.lucene.analysis.core.KeywordAnalyzer(), indexAnalyzers);

    FieldType text = new FieldType();
    text.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    text.setTokenized(true);
    text.setOmitNorms(false);
    text.freeze();

    ByteBuffersDirectory directory = new ByteBuffersDirectory();
    IndexWriterConfig config = new IndexWriterConfig(indexing).setSimilarity(similarity);
    config.setRAMBufferSizeMB(1024);
    try (IndexWriter writer = new IndexWriter(directory, config)) {
      List<String> lines = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8);
      for (int i = 1; i < lines.size(); i += 2) {
        JsonNode source = json.readTree(lines.get(i));
        Document doc = new Document();
        for (String field : textFields) {
          JsonNode value = source.path(field);
          if (value.isArray()) value.forEach(v -> doc.add(new Field(field, v.asText(), text)));
          else if (value.isTextual()) doc.add(new Field(field, value.asText(), text));
        }
        doc.add(new StringField("lang", source.get("lang").asText(), Field.Store.NO));
        int number = source.get("doc").asInt();
        doc.add(new NumericDocValuesField("doc", number));
        doc.add(new StoredField("doc", number));
        writer.addDocument(doc);
      }
      writer.forceMerge(1);
    }
    IndexSearcher searcher = new IndexSearcher(DirectoryReader.open(directory));
    searcher.setSimilarity(similarity);
    Sort sort = new Sort(SortField.FIELD_SCORE, new SortField("doc", SortField.Type.INT));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    StringBuilder out = new StringBuilder();
    String line;
    while ((line = in.readLine()) != null) {
      String[] parts = line.split("\t", 2);
      BooleanQuery.Builder query = new BooleanQuery.Builder();
      // OpenSearch's `match`: one SHOULD term clause per analyzed token
      // (a single token is the term query itself), boosted as a whole.
      for (var e : boosts.entrySet()) {
        List<String> terms = tokens(searchAnalyzers.get(e.getKey()), e.getKey(), parts[1]);
        if (terms.isEmpty()) continue;
        Query match;
        if (terms.size() == 1) match = new TermQuery(new Term(e.getKey(), terms.get(0)));
        else {
          BooleanQuery.Builder bool = new BooleanQuery.Builder();
          for (String term : terms) bool.add(new TermQuery(new Term(e.getKey(), term)), BooleanClause.Occur.SHOULD);
          match = bool.build();
        }
        query.add(new BoostQuery(match, e.getValue()), BooleanClause.Occur.SHOULD);
      }
      query.add(new TermQuery(new Term("lang", parts[0])), BooleanClause.Occur.FILTER);
      query.setMinimumNumberShouldMatch(1);
      TopFieldDocs top = searcher.search(query.build(), 10, sort, true);
      List<String> docs = new ArrayList<>();
      for (ScoreDoc hit : top.scoreDocs) {
        docs.add(searcher.storedFields().document(hit.doc).get("doc"));
      }
      out.append(String.join(" ", docs)).append('\n');
    }
    System.out.print(out);
  }
}
