import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TemplateDelegate } from 'handlebars';

type Render = (page: string, data: object) => string;

/**
 * The handlebars templates of the hosted pages, each page rendered inside `layout.hbs` as
 * `{{{body}}}`. Handlebars is loaded and the templates compiled when the first page is asked
 * for, not at start-up (design.md: healthy in ≤ 300 ms; handlebars was a tenth of that).
 */
export class PageViews {
  readonly #dir: string;
  #render: Promise<Render> | undefined;

  constructor(dir: string) {
    this.#dir = dir;
  }

  render(page: string, data: object): Promise<string> {
    this.#render ??= this.#load();
    return this.#render.then((render) => render(page, data));
  }

  async #load(): Promise<Render> {
    const { default: Handlebars } = await import('handlebars');
    // an isolated environment: {{ }} escapes everything, no helpers leak in or out
    const env = Handlebars.create();
    const read = (name: string) => readFileSync(join(this.#dir, name), 'utf8');
    env.registerPartial('summary', env.compile(read('summary.hbs')));
    const compiled = new Map<string, TemplateDelegate>();
    const template = (name: string): TemplateDelegate => {
      let found = compiled.get(name);
      if (!found) {
        found = env.compile(read(name));
        compiled.set(name, found);
      }
      return found;
    };
    const layout = template('layout.hbs');
    return (page, data) => layout({ ...data, body: template(page)(data) });
  }
}
