// Run by tools/build_pdf.py in the one-page build of the book, after it has loaded and
// before it is printed. It turns the web page into a book:
//   - waits until MathJax has typeset every formula and every web font has loaded;
//   - marks each chapter (one per document of _toc.yml) so that it starts a new page,
//     and promotes its headings one level (the one-page build nests every chapter
//     under the introduction's title, so its title is an h2 there; here it is an h1);
//   - opens the folded code cells (a reader of paper cannot click), and defines
//     fitWideBlocks(), which scales wide tables and formulas down to the column,
//     keepShortBlocks(), which marks blocks short enough to keep on one page, and
//     overflowingBlocks(), which lists what would be clipped;
//   - moves every exercise's solution (a dropdown on the website) to a "Solutions"
//     section at the end of its chapter, and gives each exercise a link to it;
//   - writes a title page, a table of contents (parts and chapters, each a link) and an
//     "Introduction" heading over the introduction's text.
// It returns what it did, for tools/build_pdf.py to check and report.
async ({ parts, author }) => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await MathJax.startup.promise;
  }
  document.documentElement.dataset.theme = "light";
  document.documentElement.dataset.mode = "light";

  const article = document.querySelector("article.bd-article");
  const intro = article.querySelector(":scope > section");
  const chapterOf = new Map();
  for (const marker of article.querySelectorAll('span[id^="document-"]')) {
    const section = marker.nextElementSibling;
    if (section && section.tagName === "SECTION") {
      chapterOf.set(marker.id.slice("document-".length), section);
    }
  }

  const retag = (element, tagName) => {
    const replacement = document.createElement(tagName);
    for (const attribute of element.attributes) {
      replacement.setAttribute(attribute.name, attribute.value);
    }
    replacement.append(...element.childNodes);
    element.replaceWith(replacement);
    return replacement;
  };
  const titleText = (heading) =>
    Array.from(heading.childNodes)
      .filter((node) => !(node.classList && node.classList.contains("headerlink")))
      .map((node) => node.textContent)
      .join("")
      .trim();

  // Chapters: a page break before each, headings one level up (h2 -> h1, ...).
  const chapters = [];
  for (const [docname, section] of chapterOf) {
    section.classList.add("print-chapter");
    for (const heading of Array.from(section.querySelectorAll("h2, h3, h4, h5, h6"))) {
      retag(heading, "h" + (Number(heading.tagName[1]) - 1));
    }
    const heading = section.querySelector(":scope > h1");
    chapters.push({ docname, id: section.id, title: titleText(heading) });
  }

  // Folded code cells: open, with the fold's label hidden by the print stylesheet.
  const folded = Array.from(article.querySelectorAll("details"));
  folded.forEach((details) => {
    details.open = true;
  });

  // Solutions: gathered at the end of their chapter, each exercise linking to its own.
  let solutionCount = 0;
  for (const [docname, section] of chapterOf) {
    const solutions = Array.from(section.querySelectorAll("div.solution"));
    if (solutions.length === 0) continue;
    const gathered = document.createElement("section");
    gathered.className = "print-solutions";
    gathered.id = docname.replace(/\//g, "-") + "--print-solutions";
    const heading = document.createElement("h2");
    heading.textContent = "Solutions to the exercises";
    gathered.append(heading);
    for (const solution of solutions) {
      const exerciseLink = solution.querySelector(":scope > .admonition-title a[href^='#']");
      const exercise = exerciseLink
        ? document.getElementById(decodeURIComponent(exerciseLink.getAttribute("href").slice(1)))
        : null;
      if (exercise) {
        const pointer = document.createElement("p");
        pointer.className = "print-solution-pointer";
        const link = document.createElement("a");
        link.href = "#" + solution.id;
        link.textContent = "Solution at the end of the chapter";
        pointer.append(link);
        exercise.append(pointer);
      }
      solution.classList.remove("dropdown", "toggle", "toggle-hidden");
      solution.querySelectorAll("button.toggle-button").forEach((button) => button.remove());
      gathered.append(solution);
      solutionCount += 1;
    }
    section.append(gathered);
  }

  // Title page and table of contents, before the introduction's text.
  const title = intro.querySelector(":scope > h1");
  const subtitle = title.nextElementSibling;
  const titlePage = document.createElement("div");
  titlePage.className = "print-title-page";
  titlePage.append(title, subtitle);
  const byline = document.createElement("p");
  byline.className = "print-byline";
  byline.textContent = author;
  titlePage.append(byline);

  const toc = document.createElement("nav");
  toc.className = "print-toc";
  toc.id = "print-contents";
  const tocHeading = document.createElement("h1");
  tocHeading.textContent = "Contents";
  toc.append(tocHeading);
  const introHeading = document.createElement("h1");
  introHeading.id = "print-introduction";
  introHeading.textContent = "Introduction";
  const entry = (href, text, className) => {
    const item = document.createElement("li");
    item.className = className;
    const link = document.createElement("a");
    link.href = href;
    link.innerHTML = '<span class="print-toc-title"></span><span class="print-toc-page"></span>';
    link.querySelector(".print-toc-title").textContent = text;
    item.append(link);
    return item;
  };
  const list = document.createElement("ul");
  list.append(entry("#print-introduction", "Introduction", "print-toc-chapter"));
  const contents = [];
  for (const part of parts) {
    const partItem = document.createElement("li");
    partItem.className = "print-toc-part";
    partItem.textContent = part.caption;
    list.append(partItem);
    const listedChapters = [];
    for (const docname of part.docnames) {
      const chapter = chapters.find((c) => c.docname === docname);
      if (!chapter) continue;
      list.append(entry("#" + chapter.id, chapter.title, "print-toc-chapter"));
      const solutions = chapterOf.get(docname).querySelector(":scope > .print-solutions");
      if (solutions) {
        list.append(entry("#" + solutions.id, "Solutions to the exercises", "print-toc-section"));
      }
      listedChapters.push({ ...chapter, solutionsId: solutions ? solutions.id : null });
    }
    contents.push({ caption: part.caption, chapters: listedChapters });
  }
  toc.append(list);
  intro.prepend(titlePage, toc, introHeading);

  // Short blocks are kept on one page (the print stylesheet's .print-keep). Measured
  // with the print stylesheet in force: tools/build_pdf.py calls keepShortBlocks then.
  window.keepShortBlocks = (limit) => {
    // The outermost box of each block only: keeping an inner box whole while its
    // outer box may break would leave the outer box's first part empty on the page.
    const blocks = article.querySelectorAll(
      "div.cell_input, div.cell_output, div.highlight:not(div.cell div.highlight), " +
        "table, div.admonition, figure, dl > dt + dd",
    );
    // Measure everything first: changing a class between two measurements would lay
    // out the whole book again each time.
    const short = Array.from(blocks).filter((b) => b.getBoundingClientRect().height < limit);
    short.forEach((block) => block.classList.add("print-keep"));
    return short.length;
  };

  // Tables and displayed formulas wider than the text column are scaled down to fit it
  // (never below minimum, so they stay legible); returns how many were.
  window.fitWideBlocks = (minimum) => {
    const column = article.getBoundingClientRect().width;
    const candidates = article.querySelectorAll('table, mjx-container[display="true"]');
    const widths = Array.from(candidates).map((el) => [
      el,
      Math.max(el.scrollWidth, el.getBoundingClientRect().width),
    ]);
    const wide = widths.filter(([, width]) => width > column + 1);
    wide.forEach(([el, width]) => {
      el.style.zoom = String(Math.max(minimum, (column - 2) / width));
    });
    return wide.length;
  };

  // What would be clipped on paper: a block wider than the text column, or wider than
  // its own box (a scrolling code block or table). Measured like keepShortBlocks.
  window.overflowingBlocks = () => {
    const right = article.getBoundingClientRect().right + 1;
    const describe = (el) =>
      `${el.tagName.toLowerCase()}.${Array.from(el.classList).join(".")} in ` +
      `#${el.closest("section[id]") ? el.closest("section[id]").id : ""}: ` +
      el.textContent.trim().slice(0, 60);
    const boxes = 'pre, table, .admonition, mjx-container[display="true"]';
    const wide = (el) => el.getBoundingClientRect().right > right;
    const scrolling = (el) => el.scrollWidth > el.clientWidth + 1;
    return [
      ...Array.from(article.querySelectorAll("img, mjx-container")).filter(wide),
      ...Array.from(article.querySelectorAll(boxes)).filter((el) => wide(el) || scrolling(el)),
    ].map(describe);
  };

  // Images are loaded eagerly (the PDF must hold every figure), and fonts must be in.
  const images = Array.from(article.querySelectorAll("img"));
  images.forEach((image) => image.setAttribute("loading", "eager"));
  await Promise.all(
    images.map((image) =>
      image.complete
        ? null
        : new Promise((resolve) => {
            image.addEventListener("load", resolve, { once: true });
            image.addEventListener("error", resolve, { once: true });
          }),
    ),
  );
  await document.fonts.ready;

  const math = Array.from(article.querySelectorAll(".math"));
  return {
    title: titleText(title),
    contents,
    tocTargets: Array.from(toc.querySelectorAll("a")).map((a) => a.getAttribute("href").slice(1)),
    chapters: chapters.length,
    unlistedChapters: chapters
      .filter((c) => !contents.some((part) => part.chapters.some((l) => l.docname === c.docname)))
      .map((c) => c.docname),
    solutions: solutionCount,
    hiddenSolutions: Array.from(article.querySelectorAll("div.solution")).filter(
      (s) => !s.checkVisibility({ visibilityProperty: true }),
    ).length,
    foldedCells: folded.length,
    images: images.length,
    brokenImages: images.filter((image) => !image.naturalWidth).map((image) => image.src),
    mathNodes: math.length,
    untypesetMath: math.filter((el) => !el.querySelector("mjx-container")).length,
    mathErrors: article.querySelectorAll("mjx-merror").length,
  };
}
