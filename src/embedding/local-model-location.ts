import { basename, dirname, resolve } from 'node:path';

/** How transformers.js is told where a model is. */
export interface LocalModelLocation {
  /** What `pipeline()` gets: the absolute model directory, or `<owner>/<name>` when downloads are allowed. */
  modelId: string;
  /** `env.localModelPath`: files are read from `<root>/<modelId>/`; with downloads also `env.cacheDir`, so they land there. */
  root: string;
}

// The check transformers.js applies before it asks the Hub for a repository.
const HUB_REPO_ID = /^[\w.-]+\/[\w.-]{1,96}$/;

/**
 * Without downloads the directory is used as it is: an absolute path is never a Hub id, so
 * transformers.js reads it from disk and nothing else. With downloads the directory must be laid
 * out as transformers.js's own cache (`<root>/<owner>/<name>`): missing files are then fetched
 * from that Hub repository into the directory itself, and the next boot finds them there.
 */
export function localModelLocation(modelDir: string, allowDownload: boolean): LocalModelLocation {
  const dir = resolve(modelDir);
  if (!allowDownload) return { modelId: dir, root: dirname(dir) };
  const repoId = `${basename(dirname(dir))}/${basename(dir)}`;
  if (!HUB_REPO_ID.test(repoId) || repoId.includes('..') || repoId.includes('--')) {
    throw new Error(
      `with EMBED_ALLOW_DOWNLOAD=true the directory must end in the <owner>/<name> of a Hugging Face Hub repository, e.g. /models/Xenova/all-MiniLM-L6-v2`,
    );
  }
  return { modelId: repoId, root: dirname(dirname(dir)) };
}
