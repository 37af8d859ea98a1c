// Subject shapes for living things: fox, cat, owl, whale and person.
import type { SubjectKind } from "./scene-model";
import type { ShapeDrawer, SubjectShape } from "./subject-model";
import { circle, ellipse, rect } from "./svg-paths";

function drawFox(): SubjectShape {
  return {
    scale: 0.52,
    parts: [
      { d: "M70 196C30 200 8 176 12 146C16 120 36 108 50 118C40 132 40 160 62 176C72 184 84 186 96 188Z", tone: "main" },
      { d: "M12 146C16 120 36 108 50 118C42 124 38 132 36 140C28 146 18 148 12 146Z", tone: "light" },
      { d: "M64 198C58 160 70 120 100 104C118 96 136 104 140 130C146 160 146 184 142 198Z", tone: "main" },
      { d: "M100 110C102 92 112 84 130 84C140 86 146 96 142 114Z", tone: "main", bare: true },
      { d: "M118 100C136 108 142 134 136 168C126 150 118 128 112 104Z", tone: "light" },
      { d: "M114 164L112 198H124L126 164Z", tone: "dark" },
      { d: "M130 160L132 198H143L141 156Z", tone: "dark" },
      { d: "M102 62L104 20L128 48Z", tone: "main" },
      { d: "M120 50L140 18L148 58Z", tone: "main" },
      { d: "M108 32L110 54L122 48Z", tone: "dark" },
      { d: "M139 30L135 52L145 56Z", tone: "dark" },
      { d: "M98 70C98 52 112 44 130 46C144 48 150 56 156 62L184 76C186 80 184 84 178 86L150 92C140 100 118 102 106 94C100 88 98 80 98 70Z", tone: "main" },
      { d: "M120 92C134 96 156 94 174 87C164 95 150 99 138 100C128 100 122 97 120 92Z", tone: "light" },
      { d: circle(182, 79, 4.5), tone: "dark" },
      { d: "M136 64Q142 58 149 63Q142 68 136 64Z", tone: "dark" },
    ],
  };
}

function drawCat(): SubjectShape {
  return {
    scale: 0.5,
    parts: [
      { d: "M132 192C176 194 186 150 168 126C162 120 154 126 160 134C172 152 164 180 128 182Z", tone: "main" },
      { d: "M58 198C52 158 64 118 100 110C136 118 148 158 142 198Z", tone: "main" },
      { d: "M84 198C80 168 88 142 100 136C112 142 120 168 116 198Z", tone: "light" },
      { d: "M66 92C62 72 66 54 70 36L90 56C96 54 104 54 110 56L130 36C134 54 138 72 134 92C130 116 70 116 66 92Z", tone: "main" },
      { d: "M74 48L86 60L76 68Z", tone: "accent" },
      { d: "M126 48L114 60L124 68Z", tone: "accent" },
      { d: ellipse(86, 84, 7, 8), tone: "glow", bare: true },
      { d: ellipse(114, 84, 7, 8), tone: "glow", bare: true },
      { d: ellipse(86, 84, 2.2, 6.5), tone: "dark" },
      { d: ellipse(114, 84, 2.2, 6.5), tone: "dark" },
      { d: "M95 96H105L100 102Z", tone: "accent" },
      { d: "M94 102L62 98M94 104L62 108M106 102L138 98M106 104L138 108", tone: "dark", line: 1.5, bare: true },
      { d: ellipse(86, 196, 10, 5), tone: "light" },
      { d: ellipse(114, 196, 10, 5), tone: "light" },
    ],
  };
}

function drawOwl(): SubjectShape {
  return {
    scale: 0.46,
    parts: [
      { d: "M10 196H190V204H10Z", tone: "dark" },
      { d: "M100 40C146 40 160 100 156 140C152 180 130 196 100 196C70 196 48 180 44 140C40 100 54 40 100 40Z", tone: "main" },
      { d: "M64 58L54 22L86 46Z", tone: "main" },
      { d: "M136 58L146 22L114 46Z", tone: "main" },
      { d: "M48 108C34 140 44 180 72 192C66 160 62 130 48 108Z", tone: "shade" },
      { d: "M152 108C166 140 156 180 128 192C134 160 138 130 152 108Z", tone: "shade" },
      { d: ellipse(100, 148, 32, 38), tone: "light" },
      { d: "M84 136Q92 142 100 136Q108 142 116 136M80 154Q90 160 100 154Q110 160 120 154M86 172Q94 178 100 172Q106 178 114 172", tone: "shade", line: 2.5, bare: true },
      { d: circle(78, 86, 24), tone: "light" },
      { d: circle(122, 86, 24), tone: "light" },
      { d: circle(78, 86, 14), tone: "glow", bare: true },
      { d: circle(122, 86, 14), tone: "glow", bare: true },
      { d: circle(78, 86, 7), tone: "dark" },
      { d: circle(122, 86, 7), tone: "dark" },
      { d: "M93 102H107L100 118Z", tone: "accent" },
      { d: "M80 194l6-8 6 8M108 194l6-8 6 8", tone: "accent", line: 3, bare: true },
    ],
  };
}

function drawWhale(): SubjectShape {
  return {
    scale: 0.5,
    parts: [
      { d: "M150 82C146 66 138 58 128 52M150 82C154 66 164 58 174 54", tone: "light", line: 4, bare: true, opacity: 0.8 },
      { d: "M24 126C10 112 6 96 0 82C12 86 20 94 26 106C30 94 36 84 48 78C40 96 34 112 32 128Z", tone: "main" },
      { d: "M26 124C40 88 104 72 150 94C174 106 182 124 170 136C144 158 64 162 26 124Z", tone: "main" },
      { d: "M40 132C74 152 142 152 170 136C146 160 84 162 40 132Z", tone: "light" },
      { d: "M104 138C98 156 84 166 72 170C82 156 88 146 90 138Z", tone: "shade" },
      { d: circle(148, 114, 4), tone: "dark" },
      { d: "M160 128Q166 132 172 128", tone: "dark", line: 2, bare: true },
    ],
  };
}

function drawPerson(): SubjectShape {
  return {
    scale: 0.62,
    parts: [
      { d: "M56 110C44 150 50 184 62 200H138C150 184 156 150 144 110Z", tone: "dark" },
      { d: "M26 200C30 164 58 148 100 148C142 148 170 164 174 200Z", tone: "main" },
      { d: "M86 148C88 166 112 166 114 148Z", tone: "skin" },
      { d: rect(88, 118, 24, 34, 8), tone: "skin" },
      { d: ellipse(100, 90, 32, 40), tone: "skin" },
      { d: "M66 96C58 50 84 38 102 40C128 40 144 58 134 98C130 80 122 66 100 64C84 64 72 76 66 96Z", tone: "dark" },
      { d: ellipse(88, 92, 4, 3), tone: "dark" },
      { d: ellipse(112, 92, 4, 3), tone: "dark" },
      { d: "M92 112Q100 118 108 112", tone: "accent", line: 3, bare: true },
      { d: "M100 94L97 104H102", tone: "shade", line: 2, bare: true },
      { d: circle(136, 154, 7), tone: "accent" },
    ],
  };
}

export const CREATURE_SHAPES = { fox: drawFox, cat: drawCat, owl: drawOwl, whale: drawWhale, person: drawPerson } satisfies Partial<Record<SubjectKind, ShapeDrawer>>;
