import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

type Template = (context: object) => string;
interface Engine {
  layout: Template;
  compile(source: string): Template;
}

/**
 * The hosted pages' handlebars templates: a page renders inside `layout.hbs` (as its `{{{body}}}`),
 * with the `summary` partial. Handlebars loads with the first page a buyer opens, not at start-up:
 * it was a fifth of the code the sandbox parsed before it could answer (issue #18), and most runs
 * (CI, SDK tests) never show a page. Each template is read and compiled once.
 */
export class PageRenderer {
  readonly #root: string;
  #engine: Promise<Engine> | undefined;
  readonly #pages = new Map<string, Promise<Template>>();

  constructor(root: string) {
    this.#root = root;
  }

  async render(page: string, data: object): Promise<string> {
    const engine = await this.#loadEngine();
    const template = await this.#template(page, engine);
    return engine.layout({ ...data, body: template(data) });
  }

  #loadEngine(): Promise<Engine> {
    this.#engine ??= (async () => {
      const { default: Handlebars } = await import('handlebars');
      // an isolated environment: {{ }} escapes everything, no helpers or partials leak in or out
      const handlebars = Handlebars.create();
      handlebars.registerPartial('summary', await this.#read('summary.hbs'));
      const compile = (source: string): Template => handlebars.compile(source);
      return { compile, layout: compile(await this.#read('layout.hbs')) };
    })().catch((error: unknown) => {
      // a failed load (a missing file) is tried again by the next page, not remembered
      this.#engine = undefined;
      throw error;
    });
    return this.#engine;
  }

  #template(page: string, engine: Engine): Promise<Template> {
    let template = this.#pages.get(page);
    if (!template) {
      template = this.#read(page).then((source) => engine.compile(source));
      template.catch(() => this.#pages.delete(page));
      this.#pages.set(page, template);
    }
    return template;
  }

  #read(file: string): Promise<string> {
    return readFile(join(this.#root, file), 'utf8');
  }
}
