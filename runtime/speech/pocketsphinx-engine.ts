import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runTool } from "../audio/run-tool";
import { CmuDictionary } from "./cmu-dictionary";
import { type CompileOptions, compileGrammar } from "./jsgf-grammar";
import { parsePocketsphinxOutput } from "./pocketsphinx-output";
import { DIGIT_WORDS, type SpeechGrammar } from "./speech-grammar";
import type { SpeechWord } from "./speech-result";
import { wavBytes } from "./wav-bytes";

/** Debian's packages `pocketsphinx` (the program) and `pocketsphinx-en-us` (the model). */
export const POCKETSPHINX_PACKAGES = "pocketsphinx pocketsphinx-en-us";

/** pocketsphinx's word insertion penalty (`-wip`, default 0.65): lower inserts fewer words ("oh" between digits). Measured in bench. */
export const WORD_INSERTION_PENALTY = 1e-4;

export interface PocketsphinxPaths {
  command: string;
  /** The acoustic model folder (`-hmm`). */
  model: string;
  /** The pronouncing dictionary the grammars' words are looked up in. */
  dictionary: string;
}

export const DEBIAN_POCKETSPHINX: PocketsphinxPaths = {
  command: "/usr/bin/pocketsphinx_continuous",
  model: "/usr/share/pocketsphinx/model/en-us/en-us",
  dictionary: "/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict",
};

/** Whether pocketsphinx runs here, and if not why and how to fix it. */
export function pocketsphinxStatus(paths: PocketsphinxPaths = DEBIAN_POCKETSPHINX): { available: boolean; reason: string | null } {
  if (!existsSync(paths.command)) return { available: false, reason: `pocketsphinx is not installed (${paths.command} is missing): apt-get install ${POCKETSPHINX_PACKAGES}` };
  if (!existsSync(paths.model) || !existsSync(paths.dictionary)) {
    return { available: false, reason: `pocketsphinx's en-us model is not installed (${paths.model}): apt-get install pocketsphinx-en-us` };
  }
  return { available: true, reason: null };
}

export interface GrammarRecognition {
  /** The answer heard: the phrase's words, or the digit string for a digit grammar; "" when rejected. */
  text: string;
  words: SpeechWord[];
  /** Share of the words' time that was an answer rather than filler (1: all answer, 0: rejected). */
  confidence: number;
  rejected: boolean;
  /** What was heard instead of an answer (the filler words), for logs. */
  heard: string;
  /** Wall time of the pocketsphinx run (ms). */
  elapsedMs: number;
}

/**
 * The offline engine: Debian's pocketsphinx with its en-us model, one process per utterance with
 * that utterance's grammar (compiled once per grammar into a small JSGF file and dictionary;
 * model load and decode take about 0.1–0.2 s). Audio is 16 kHz mono PCM.
 */
export class PocketsphinxEngine {
  readonly name = "pocketsphinx";
  private dictionary: Promise<CmuDictionary> | undefined;
  private folder: Promise<string> | undefined;
  private readonly compiled = new Map<string, Promise<{ jsgf: string; dict: string }>>();

  constructor(
    private readonly paths: PocketsphinxPaths = DEBIAN_POCKETSPHINX,
    private readonly options: CompileOptions & { wordInsertionPenalty?: number } = {},
  ) {}

  status(): { available: boolean; reason: string | null } {
    return pocketsphinxStatus(this.paths);
  }

  async recognize(audio: Int16Array, grammar: SpeechGrammar): Promise<GrammarRecognition> {
    const files = await this.grammarFiles(grammar);
    // A file, not standard input: Node gives a child a socket there, which pocketsphinx cannot fopen.
    const wav = join(await this.workFolder(), `${randomUUID()}.wav`);
    const started = performance.now();
    await writeFile(wav, wavBytes(audio, 16000));
    const result = await runTool(
      this.paths.command,
      ["-hmm", this.paths.model, "-dict", files.dict, "-jsgf", files.jsgf, "-infile", wav, "-time", "yes", "-remove_silence", "no", "-wip", String(this.options.wordInsertionPenalty ?? WORD_INSERTION_PENALTY), "-logfn", "/dev/null"],
      { timeoutMs: 30_000 },
    ).finally(() => rm(wav, { force: true }));
    const elapsedMs = performance.now() - started;
    if (result.code !== 0) throw new Error(`pocketsphinx failed: ${result.stderr || `exit ${String(result.code)}`}`);
    const { words, filler } = parsePocketsphinxOutput(result.stdout.toString("utf8"));
    const span = (list: SpeechWord[]): number => list.reduce((sum, word) => sum + (word.endSeconds - word.startSeconds), 0);
    const heard = filler.map((word) => word.word).join(" ");
    const answerTime = span(words);
    const confidence = answerTime === 0 ? 0 : answerTime / (answerTime + span(filler));
    let text = words.map((word) => word.word).join(" ");
    let rejected = words.length === 0;
    if (grammar.kind === "digits" && !rejected) {
      text = words.map((word) => DIGIT_WORDS[word.word] ?? "").join("");
      rejected = text.length < grammar.minDigits || text.length > grammar.maxDigits;
    }
    return { text: rejected ? "" : text, words, confidence: rejected ? 0 : confidence, rejected, heard, elapsedMs };
  }

  /** Removes the engine's temporary folder (its compiled grammars); a later recognition makes it again. */
  async close(): Promise<void> {
    const folder = this.folder;
    this.folder = undefined;
    this.compiled.clear();
    if (folder !== undefined) await rm(await folder, { recursive: true, force: true });
  }

  /** A private temporary folder (mode 0700) for grammars and utterance audio. */
  private workFolder(): Promise<string> {
    const folder = this.folder ?? mkdtemp(join(tmpdir(), "switchboard-speech-"));
    this.folder = folder;
    return folder;
  }

  /** The grammar's JSGF and dictionary files, written once per distinct grammar into a private temporary folder. */
  private grammarFiles(grammar: SpeechGrammar): Promise<{ jsgf: string; dict: string }> {
    const key = createHash("sha256").update(JSON.stringify([grammar, this.options])).digest("hex").slice(0, 32);
    let files = this.compiled.get(key);
    if (files === undefined) {
      files = (async () => {
        this.dictionary ??= CmuDictionary.load(this.paths.dictionary);
        const compiled = compileGrammar(grammar, await this.dictionary, this.options);
        const folder = await this.workFolder();
        const paths = { jsgf: join(folder, `${key}.gram`), dict: join(folder, `${key}.dict`) };
        await writeFile(paths.jsgf, compiled.jsgf);
        await writeFile(paths.dict, compiled.dictionary);
        return paths;
      })();
      files.catch(() => this.compiled.delete(key));
      this.compiled.set(key, files);
    }
    return files;
  }
}
