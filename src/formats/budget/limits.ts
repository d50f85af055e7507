/**
 * Evaluation limits of one file (ARM) or one root module (Terraform). Every value is far above what real
 * templates need (the corpus of ~13,000 real files stays well below each; see the measures in SECURITY.md) and low
 * enough that a hostile file finishes in seconds and well under 1 GiB. Hitting one makes the value concerned Unknown
 * and reports BL002 at the place it was hit.
 */
export interface EvaluationLimits {
  /**
   * Expressions, function calls and loop iterations evaluated. The most any of the corpus's 6,350 templates and
   * modules needs is 28,709; a million take 0.5–1.7 s on a slow core.
   */
  steps: number;
  /**
   * Resource (and module) instances of one file or root module. ARM allows 800 resources per template, copies
   * included; the corpus's largest file has 497 (nested templates included).
   */
  instances: number;
  /** Copies of one ARM copy loop (resource, property, variable or output): ARM's own limit. */
  copies: number;
  /**
   * Characters of one string, and the measured size of one value (its JSON length, shared parts counted each
   * time they appear). ARM rejects templates larger than 4 MB after expansion; 4× that leaves room for
   * intermediate values that never reach the template.
   */
  valueSize: number;
  /**
   * Total size of the values built by function calls, tuples, objects and templates in the file (a measure of
   * the memory evaluation allocates): 16× the 4 MB template limit; the corpus's largest needs 1.5 MB.
   */
  producedSize: number;
  /** Elements of one list built by a function (`range`, loops, `for`). */
  listLength: number;
  /**
   * Nesting of JSON objects and arrays in a template. Real templates nest a few dozen levels (each inline
   * nested deployment adds about six); deeper trees only exhaust the stack.
   */
  jsonDepth: number;
  /**
   * Characters of `.tf` and `.tf.json` source one Terraform root module reads, its local child modules included:
   * tree-sitter parses about a MiB of hostile HCL a second (1 MiB files, `--max-file-size`, only bound one file).
   * The corpus's largest module folder has 574 KB.
   */
  terraformSource: number;
}

/**
 * The defaults are also the maxima: the configuration file (`limits`, schemas/config.schema.json) can only lower
 * them, since it comes from the repository like the templates. Keep the schema's maxima equal to these values.
 */
export const DEFAULT_LIMITS: Readonly<EvaluationLimits> = Object.freeze({
  steps: 1_000_000,
  instances: 10_000,
  copies: 800,
  valueSize: 16 * 1024 * 1024,
  producedSize: 64 * 1024 * 1024,
  listLength: 100_000,
  jsonDepth: 256,
  terraformSource: 4 * 1024 * 1024,
});
