// The words in a prompt that choose its subject, setting, time of day, weather and extras.
import type { Setting, SubjectKind, TimeOfDay } from "./scene-model";

/** The subject whose word comes first in the prompt is drawn; a prompt naming none gets a still life of what it names (see prompt-nouns). */
export const SUBJECT_WORDS: Array<[SubjectKind, string[]]> = [
  ["fox", ["fox", "foxes", "wolf", "dog", "puppy", "deer"]],
  ["cat", ["cat", "cats", "kitten", "kitty", "tiger", "lion"]],
  ["rabbit", ["rabbit", "rabbits", "bunny", "hare", "mouse", "hamster"]],
  ["bear", ["bear", "bears", "teddy", "panda", "koala", "monkey"]],
  ["horse", ["horse", "horses", "pony", "unicorn", "donkey", "zebra", "camel"]],
  ["butterfly", ["butterfly", "butterflies", "moth", "bee", "dragonfly", "fairy"]],
  ["owl", ["owl", "bird", "birds", "eagle", "parrot", "crow", "raven", "penguin"]],
  ["robot", ["robot", "robots", "android", "mech", "cyborg", "machine"]],
  ["astronaut", ["astronaut", "spaceman", "cosmonaut", "space suit"]],
  ["lighthouse", ["lighthouse", "beacon"]],
  ["castle", ["castle", "palace", "fortress", "temple", "cathedral", "tower"]],
  ["house", ["house", "cottage", "cabin", "home", "hut", "village", "farm", "barn"]],
  ["ship", ["ship", "boat", "sailboat", "yacht", "pirate", "sailing"]],
  ["whale", ["whale", "fish", "koi", "dolphin", "shark"]],
  ["balloon", ["balloon", "hot air balloon", "airship", "zeppelin"]],
  ["car", ["car", "cars", "truck", "van", "bus", "vehicle", "taxi"]],
  ["planet", ["planet", "saturn", "galaxy", "cosmos", "universe", "nebula"]],
  ["cup", ["coffee", "cup", "tea", "mug", "latte", "teapot"]],
  ["flower", ["flower", "flowers", "rose", "roses", "tulip", "sunflower", "bouquet", "garden", "lotus", "daisy"]],
  ["person", ["woman", "man", "girl", "boy", "person", "portrait", "lady", "wizard", "witch", "knight", "samurai", "queen", "king", "child", "face"]],
  ["tree", ["tree", "trees", "oak", "bonsai", "willow", "sakura", "cherry blossom", "forest", "woods", "jungle"]],
  ["city", ["city", "skyline", "metropolis", "street", "downtown", "tokyo", "new york", "skyscraper", "skyscrapers", "town"]],
  ["mountain", ["mountain", "mountains", "peak", "alps", "volcano", "summit", "valley", "canyon", "landscape"]],
];

/** As with subjects, the earliest setting word wins; with none, the subject's home below. */
export const SETTING_WORDS: Array<[Setting, string[]]> = [
  ["space", ["space", "outer space", "galaxy", "cosmos", "nebula", "orbit", "asteroid"]],
  ["sea", ["sea", "ocean", "lake", "river", "beach", "harbor", "harbour", "coast", "island", "waves", "underwater", "bay", "pond"]],
  ["city", ["city", "street", "skyline", "urban", "downtown", "alley", "rooftop", "metropolis"]],
  ["forest", ["forest", "woods", "jungle", "woodland", "grove"]],
  ["desert", ["desert", "dunes", "sand", "sahara", "canyon", "mars", "savanna", "savannah", "prairie"]],
  ["snow", ["snow", "snowy", "winter", "ice", "arctic", "frozen", "glacier", "tundra"]],
];

/** Where each subject is drawn when the prompt names no setting. */
export const SUBJECT_HOME: Record<SubjectKind, Setting> = {
  fox: "meadow", cat: "meadow", owl: "forest", robot: "city", astronaut: "space", lighthouse: "sea",
  mountain: "meadow", city: "city", tree: "meadow", ship: "sea", house: "meadow", castle: "meadow",
  whale: "sea", flower: "meadow", balloon: "meadow", car: "city", planet: "space", person: "meadow",
  cup: "meadow", table: "meadow", rabbit: "meadow", bear: "forest", horse: "meadow", butterfly: "meadow", arch: "desert", orbs: "meadow",
};

/** Words that turn the scene to night or sunset whatever the style prefers. */
export const TIME_WORDS: Record<Exclude<TimeOfDay, "day">, string[]> = {
  night: ["night", "midnight", "moon", "moonlit", "starry", "stars", "nocturnal", "dark"],
  sunset: ["sunset", "sunrise", "dusk", "dawn", "evening", "golden hour", "twilight", "autumn", "fall"],
};

export const RAIN_WORDS = ["rain", "rainy", "raining", "storm"];
export const FOG_WORDS = ["fog", "foggy", "mist", "misty"];
/** Woods asked for in another setting ("a snowy forest") are drawn behind the subject. */
export const WOODS_WORDS = ["forest", "woods", "woodland", "pines", "trees"];
export const POTTED_PLANT_WORDS = ["plant", "houseplant", "potted plant", "plants", "fern", "cactus", "pot"];
