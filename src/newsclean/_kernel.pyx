# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled loops over the lines of a document: the same results as the pure-Python code
they stand in for (``newsclean.filters.features`` and ``newsclean.filters.article`` use
them when this module is built; tests compare both on real pages and on random Unicode).

Nothing here decides anything on its own: each function counts or scans, and the Python
code turns the counts into features.
"""

import numpy as np

cimport cython
cimport numpy as cnp
from cpython.dict cimport PyDict_GetItem
from cpython.set cimport PySet_Add, PySet_GET_SIZE
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.object cimport PyObject, PyObject_GetItem, PyTypeObject
from cpython.sequence cimport PySequence_GetItem
from libc.string cimport memcpy, memset
from cpython.unicode cimport (
    Py_UNICODE_ISDIGIT,
    PyUnicode_1BYTE_KIND,
    PyUnicode_2BYTE_KIND,
    PyUnicode_4BYTE_KIND,
    PyUnicode_DATA,
    PyUnicode_GET_LENGTH,
    PyUnicode_KIND,
    PyUnicode_READ,
)

cnp.import_array()


# A numpy array's buffer read through its pointer and strides, without a typed memoryview
# (acquiring one costs about a microsecond a call, more than many a page's work).
cdef struct _Buf:
    char* data
    Py_ssize_t shape0, shape1, stride0, stride1


cdef inline bint _plain(object array, int typenum, int ndim) noexcept:
    """Whether ``array`` is an aligned numpy array in native byte order of numpy type
    ``typenum`` (or one the same) and ``ndim`` dimensions."""
    if type(array) is not cnp.ndarray:
        return False
    cdef cnp.ndarray a = <cnp.ndarray> array
    return (
        cnp.PyArray_NDIM(a) == ndim
        and cnp.PyArray_EquivTypenums(cnp.PyArray_TYPE(a), typenum)
        and cnp.PyArray_ISALIGNED(a) and cnp.PyArray_ISNOTSWAPPED(a)
    )


ctypedef fused _item:
    cnp.int64_t
    cnp.float64_t
    cnp.uint8_t


cdef object _typed_view(object array, _item* kind, int ndim):
    # What a typed memoryview of _item takes, with its errors (read-only arrays too).
    cdef const _item[:] one
    cdef const _item[:, :] two
    if ndim == 1:
        one = array
        return one
    two = array
    return two


cdef object _buffer(object array, int typenum, int ndim, _Buf* out):
    """Point ``out`` at ``array``, of numpy type ``typenum`` (int64, float64 or uint8) and
    ``ndim`` (1 or 2) dimensions, as a typed memoryview would take it; returns the array
    that holds the buffer (keep it while ``out`` is read). None, which a typed memoryview
    argument takes too, has no items."""
    if array is None:
        out.data = NULL
        out.shape0 = out.shape1 = out.stride0 = out.stride1 = 0
        return None
    if not _plain(array, typenum, ndim):
        if typenum == cnp.NPY_INT64:
            array = np.asarray(_typed_view(array, <cnp.int64_t*> NULL, ndim))
        elif typenum == cnp.NPY_FLOAT64:
            array = np.asarray(_typed_view(array, <cnp.float64_t*> NULL, ndim))
        else:
            array = np.asarray(_typed_view(array, <cnp.uint8_t*> NULL, ndim))
    cdef cnp.ndarray a = <cnp.ndarray> array
    out.data = cnp.PyArray_BYTES(a)
    out.shape0 = cnp.PyArray_DIMS(a)[0]
    out.stride0 = cnp.PyArray_STRIDES(a)[0]
    out.shape1 = cnp.PyArray_DIMS(a)[1] if ndim > 1 else 1
    out.stride1 = cnp.PyArray_STRIDES(a)[1] if ndim > 1 else 0
    return a


cdef inline cnp.int64_t _i64(_Buf* b, Py_ssize_t i) noexcept:
    return (<cnp.int64_t*> (b.data + i * b.stride0))[0]


cdef inline cnp.int64_t _i64_2(_Buf* b, Py_ssize_t i, Py_ssize_t j) noexcept:
    return (<cnp.int64_t*> (b.data + i * b.stride0 + j * b.stride1))[0]


cdef inline double _f64(_Buf* b, Py_ssize_t i) noexcept:
    return (<double*> (b.data + i * b.stride0))[0]


cdef inline double _f64_2(_Buf* b, Py_ssize_t i, Py_ssize_t j) noexcept:
    return (<double*> (b.data + i * b.stride0 + j * b.stride1))[0]


cdef inline cnp.uint8_t _u8(_Buf* b, Py_ssize_t i) noexcept:
    return (<cnp.uint8_t*> (b.data + i * b.stride0))[0]


cdef inline cnp.uint8_t _u8_2(_Buf* b, Py_ssize_t i, Py_ssize_t j) noexcept:
    return (<cnp.uint8_t*> (b.data + i * b.stride0 + j * b.stride1))[0]

# The code units of a str's storage (1, 2 or 4 bytes a character): loops over a string
# are compiled once for each width, so they read a character without a switch on its kind.
ctypedef unsigned char _ucs1
ctypedef unsigned short _ucs2
ctypedef unsigned int _ucs4

ctypedef fused _ucs_t:
    _ucs1
    _ucs2
    _ucs4

#: The bit of a notice word in the lexicon of :func:`word_stats`.
NOTICE_BIT = 1 << 62
#: The bit of the first cue class in the lexicon of :func:`word_stats` (class k: ``<< k``).
CUE_BIT = 1 << 48

#: Columns of :func:`line_stats`.
STATS = (
    "chars", "digits", "capitals", "letters", "punctuation", "separators", "code_marks",
    "paren_pair", "first_class", "last", "core_last", "core_before_last", "address",
)

# Class bits of the code points below 0x10000, filled as they are met (255: not yet).
cdef unsigned char _known[65536]
cdef bint _known_ready = False


cdef inline bint _is_closer(Py_UCS4 ch):
    # The closing quotes and brackets that a sentence end may stand inside: "'“”‘’»«)]
    return (
        ch == 0x22 or ch == 0x27 or ch == 0x201C or ch == 0x201D or ch == 0x2018
        or ch == 0x2019 or ch == 0xBB or ch == 0xAB or ch == 0x29 or ch == 0x5D
    )


cdef inline unsigned char _class(Py_UCS4 ch, object classify):
    cdef unsigned char bits
    if ch < 65536:
        bits = _known[ch]
        if bits != 255:
            return bits
        bits = <unsigned char> classify(<long> ch)
        _known[ch] = bits
        return bits
    return <unsigned char> classify(<long> ch)


cdef inline bint _address_at(
    _ucs_t* data, Py_ssize_t j, Py_ssize_t length, Py_UCS4 ch, object classify
):
    # Whether the line holds "@", "www.", "http:", "https:", or "#" before a letter, digit
    # or "_", decided at its "@", "#", "." or ":" (the marks of _latin's bit 63): an
    # address spelled out ends at its "." or ":".
    if ch == 0x40:
        return True
    if ch == 0x23:
        if j + 1 < length:
            ch = data[j + 1]
            return ch == 0x5F or (_class(ch, classify) & 9) != 0
        return False
    if ch == 0x2E:
        return j >= 3 and data[j - 3] == 0x77 and data[j - 2] == 0x77 and data[j - 1] == 0x77
    if ch == 0x3A and j >= 4:
        if data[j - 1] == 0x73:
            j -= 1
            if j < 4:
                return False
        return (
            data[j - 4] == 0x68 and data[j - 3] == 0x74 and data[j - 2] == 0x74
            and data[j - 1] == 0x70
        )
    return False


def line_stats(list texts, object classify):
    """Per line: length, counts of each character class, and the characters that decide
    how it starts and ends (see :data:`STATS`; -1 where a line has no such character).

    ``classify(code_point) -> bits`` gives a character's class bits (digit 1, capital 2,
    lower case 4, letter 8, punctuation or symbol 16, separator 32, code mark 64, quote
    128); its results are remembered for the code points below 0x10000.
    """
    cdef Py_ssize_t n = len(texts), i
    cdef cnp.int64_t[:, :] o
    out = np.zeros((n, len(STATS)), dtype=np.int64)
    o = out
    for i in range(n):
        _line_row(<str> texts[i], classify, &o[i, 0])
    return out


cdef int _line_row(str text, object classify, cnp.int64_t* row) except -1:
    # One row of line_stats (the 13 columns of STATS, in order), in the loop for the
    # string's width.
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    if kind == PyUnicode_1BYTE_KIND:
        return _line_row_of[_ucs1](<_ucs1*> data, len(text), classify, row)
    if kind == PyUnicode_2BYTE_KIND:
        return _line_row_of[_ucs2](<_ucs2*> data, len(text), classify, row)
    return _line_row_of[_ucs4](<_ucs4*> data, len(text), classify, row)


# Class bits -> the counts they add, packed: digits, capitals, letters, punctuation,
# separators and code marks, 10 bits each from bit 0 on (up to _PACKED_RUN characters are
# summed before the fields are taken apart: they cannot carry into each other).
cdef unsigned long long _packed[256]
cdef enum:
    _PACKED_RUN = 1023
# The packed counts of each code point below 256 (_packed of its class), once known, with
# bit 63 set for the code points at which a parenthesis pair or an address ends (")", "@",
# "#", ".", ":"; bits 60 to 63 of a sum are never read).
cdef unsigned long long _latin[256]
cdef bint _latin_ready = False
cdef enum:
    _SHAPE_MARK = 63


cdef void _fill_known() noexcept:
    global _known_ready
    cdef Py_ssize_t k
    for k in range(65536):
        _known[k] = 255
    for k in range(256):
        _packed[k] = (
            (<unsigned long long> (k & 1))
            | (<unsigned long long> ((k >> 1) & 1)) << 10
            | (<unsigned long long> ((k >> 3) & 1)) << 20
            | (<unsigned long long> ((k >> 4) & 1)) << 30
            | (<unsigned long long> ((k >> 5) & 1)) << 40
            | (<unsigned long long> ((k >> 6) & 1)) << 50
        )
    _known_ready = True


cdef int _line_row_of(
    _ucs_t* data, Py_ssize_t length, object classify, cnp.int64_t* row
) except -1:
    global _latin_ready
    cdef Py_ssize_t j = 0, k, stop
    cdef Py_UCS4 ch
    cdef unsigned long long packed, counts
    cdef long core
    # Counted in locals (the characters are read through a pointer that may alias ``row``).
    cdef cnp.int64_t digits = 0, capitals = 0, letters = 0, punctuation = 0
    cdef cnp.int64_t separators = 0, code_marks = 0, paren_pair = 0, address = 0
    if not _known_ready:
        _fill_known()
    if length == 0:
        for k in range(13):
            row[k] = 0
        row[9] = -1
        row[10] = -1
        row[11] = -1
        return 0
    # Every column is written below (not zeroed first: for 13 columns the compiler zeroes
    # with a string instruction whose start-up costs more than a short line's loop).
    row[0] = length
    row[8] = _class(<Py_UCS4> data[0], classify)
    if not _latin_ready:
        for k in range(256):
            _latin[k] = _packed[_class(<Py_UCS4> k, classify)]
        for k in (0x29, 0x40, 0x23, 0x2E, 0x3A):
            _latin[k] |= 1ULL << _SHAPE_MARK
        _latin_ready = True
    while j < length:
        stop = j + _PACKED_RUN if length - j > _PACKED_RUN else length
        packed = 0
        while j < stop:
            ch = <Py_UCS4> data[j]
            if _ucs_t is _ucs1:
                counts = _latin[ch]
            else:
                counts = _latin[ch] if ch < 256 else _packed[_class(ch, classify)]
            packed += counts
            if counts >> _SHAPE_MARK:
                if ch == 0x29 and j > 0 and data[j - 1] == 0x28:
                    paren_pair = 1
                if not address and _address_at(data, j, length, ch, classify):
                    address = 1
            j += 1
        digits += packed & 1023
        capitals += (packed >> 10) & 1023
        letters += (packed >> 20) & 1023
        punctuation += (packed >> 30) & 1023
        separators += (packed >> 40) & 1023
        code_marks += (packed >> 50) & 1023
    row[1] = digits
    row[2] = capitals
    row[3] = letters
    row[4] = punctuation
    row[5] = separators
    row[6] = code_marks
    row[7] = paren_pair
    row[12] = address
    row[9] = <long> <Py_UCS4> data[length - 1]
    core = length - 1
    while core >= 0 and _is_closer(<Py_UCS4> data[core]):
        core -= 1
    row[10] = <long> <Py_UCS4> data[core] if core >= 0 else -1
    row[11] = <long> <Py_UCS4> data[core - 1] if core >= 1 else -1
    return 0


def line_shapes(list texts, object classify):
    """Per line: counts of its characters, flags of its shape, and its share of digits:
    see ``newsclean._kernel_py.line_shapes``."""
    cdef Py_ssize_t n = len(texts), i, k
    cdef cnp.int64_t row[T_COUNT]
    cdef cnp.int64_t digit_count
    counts = np.zeros((n, 6), dtype=np.int64)
    flags = np.zeros((n, 7), dtype=np.uint8)
    shares = np.zeros(n, dtype=np.float64)
    cdef cnp.int64_t[:, :] c = counts
    cdef cnp.uint8_t[:, ::1] f = flags
    cdef cnp.float64_t[:] d = shares
    for i in range(n):
        _shape_row(<str> texts[i], classify, row, &f[i, 0], &d[i], &digit_count)
        c[i, 0] = row[T_CHARS]
        c[i, 1] = digit_count
        c[i, 2] = row[T_CAPITALS]
        c[i, 3] = row[T_LETTERS]
        c[i, 4] = row[T_PUNCTUATION]
        c[i, 5] = row[T_SEPARATORS]
    return counts, flags, shares


cdef inline unsigned long long _fnv(int kind, void* data, Py_ssize_t start, Py_ssize_t end):
    cdef unsigned long long h = 14695981039346656037ULL
    cdef Py_ssize_t j
    for j in range(start, end):
        h ^= <unsigned long long> PyUnicode_READ(kind, data, j)
        h *= 1099511628211ULL
    return h


from libc.stdlib cimport calloc, free, malloc


cdef struct _Slot:
    # A slot of a Lexicon: a word's FNV-1a hash, its bits, where its characters start in
    # the lexicon's buffer and how many there are (-1: a free slot).
    unsigned long long hash
    long long bits
    Py_ssize_t start, length


cdef struct _LexiconShort:
    # A slot of a Lexicon's table of short words (1 to 16 code points, each below 256):
    # the word's first eight code points (``head``) and, for a word of more than eight,
    # its last eight (``tail``; else 0) as the bytes of two integers, the first in the
    # lowest byte; its length and its bits.
    unsigned long long head, tail
    long long bits
    Py_ssize_t length


cdef extern from *:
    """
    static inline int newsclean_lexicon_ctz(unsigned long long value) {
        return __builtin_ctzll(value);
    }
    static inline unsigned long long newsclean_lexicon_load8(const void* data) {
        unsigned long long value;
        memcpy(&value, data, 8);
        return value;
    }
    """
    int _lexicon_ctz "newsclean_lexicon_ctz" (unsigned long long value) noexcept nogil
    unsigned long long _lexicon_load8 "newsclean_lexicon_load8" (const void* data) noexcept nogil


# A one-byte string's words are keyed by eight code points loaded as one integer, the
# first in the lowest byte: on a little-endian machine (else they are packed one by one).
from sys import byteorder as _lexicon_byteorder

cdef bint _lexicon_little = _lexicon_byteorder == "little"


cdef inline unsigned long long _lexicon_short_hash(
    unsigned long long head, unsigned long long tail, Py_ssize_t length
) noexcept:
    return (
        (head ^ (tail * 0xC2B2AE3D27D4EB4FULL) ^ <unsigned long long> length)
        * 0x9E3779B97F4A7C15ULL
    )


cdef class Lexicon:
    """Words and their bits, looked up by the code points of a slice of a normal form
    without making a string of it (an open-addressing table of FNV-1a hashes; a hit is
    confirmed character by character, so the result is exactly a dict lookup's).

    The words of 1 to 16 code points below 256 are also in a second table, keyed by their
    first and last eight code points packed into two integers: a word of a one-byte string
    that short is looked up there (any word not in it is not in the lexicon either)
    without hashing its characters one by one; a small array of tags, one per slot, keeps
    a miss from reading the slots."""

    cdef Py_ssize_t mask
    cdef _Slot* slots
    cdef Py_UCS4* chars  # the words' characters, one after the other
    cdef _LexiconShort* short_slots
    cdef unsigned short* short_tags  # of each slot of short_slots (0: a free slot)
    cdef Py_ssize_t short_mask
    cdef int short_shift

    def __cinit__(self, dict words):
        cdef Py_ssize_t size = 16, slot, used = 0, total = 0, j, short_size = 16
        cdef unsigned long long h, head, tail
        cdef str word
        cdef int shift = 60
        while size < 2 * len(words) + 1:
            size *= 2
        # Four times as many slots as words: a miss mostly ends at its first slot.
        while short_size < 4 * len(words) + 1:
            short_size *= 2
            shift -= 1
        for word in words:
            total += len(word)
        self.mask = size - 1
        self.slots = <_Slot*> malloc(size * sizeof(_Slot))
        self.chars = <Py_UCS4*> malloc((total if total else 1) * sizeof(Py_UCS4))
        self.short_slots = <_LexiconShort*> calloc(short_size, sizeof(_LexiconShort))
        self.short_tags = <unsigned short*> calloc(short_size, sizeof(unsigned short))
        self.short_mask = short_size - 1
        self.short_shift = shift
        if (
            self.slots == NULL or self.chars == NULL or self.short_slots == NULL
            or self.short_tags == NULL
        ):
            raise MemoryError()
        for slot in range(size):
            self.slots[slot].length = -1
        for word, value in words.items():
            if 1 <= len(word) <= 16 and max(word) < "\u0100":
                head = 0
                tail = 0
                for j in range(min(len(word), 8)):
                    head |= (<unsigned long long> ord(word[j])) << (8 * j)
                if len(word) > 8:
                    for j in range(8):
                        tail |= (<unsigned long long> ord(word[len(word) - 8 + j])) << (8 * j)
                h = _lexicon_short_hash(head, tail, len(word))
                slot = <Py_ssize_t> (h >> shift)
                while self.short_tags[slot]:
                    slot = (slot + 1) & self.short_mask
                self.short_tags[slot] = <unsigned short> (h >> 8) | 1
                self.short_slots[slot].head = head
                self.short_slots[slot].tail = tail
                self.short_slots[slot].bits = value
                self.short_slots[slot].length = len(word)
            h = _fnv(PyUnicode_KIND(word), PyUnicode_DATA(word), 0, len(word))
            slot = h & self.mask
            while self.slots[slot].length >= 0:
                slot = (slot + 1) & self.mask
            self.slots[slot].hash = h
            self.slots[slot].bits = value
            self.slots[slot].start = used
            self.slots[slot].length = len(word)
            for j in range(len(word)):
                self.chars[used + j] = PyUnicode_READ(
                    PyUnicode_KIND(word), PyUnicode_DATA(word), j
                )
            used += len(word)

    def __dealloc__(self):
        free(self.slots)
        free(self.chars)
        free(self.short_slots)
        free(self.short_tags)


cdef inline long long _lexicon_find_short(
    Lexicon lexicon, unsigned long long head, unsigned long long tail, Py_ssize_t length
) noexcept:
    # Lexicon lookup of a word of 1 to 16 one-byte code points, packed into ``head`` and
    # ``tail`` as the short words' table keeps them.
    cdef unsigned long long h = _lexicon_short_hash(head, tail, length)
    cdef Py_ssize_t slot = <Py_ssize_t> (h >> lexicon.short_shift)
    cdef unsigned short tag = <unsigned short> (h >> 8) | 1, seen
    cdef _LexiconShort* found
    while True:
        seen = lexicon.short_tags[slot]
        if seen == tag:
            found = lexicon.short_slots + slot
            if found.head == head and found.tail == tail and found.length == length:
                return found.bits
        elif seen == 0:
            return 0
        slot = (slot + 1) & lexicon.short_mask


cdef inline long long _lexicon_find(
    Lexicon lexicon, _ucs_t* data, Py_ssize_t start, Py_ssize_t end, unsigned long long h
) noexcept:
    # Lexicon lookup of data[start:end], whose FNV-1a hash (of _fnv) is ``h``: the same
    # probing.
    cdef Py_ssize_t j, slot, length = end - start
    cdef Py_ssize_t mask = lexicon.mask
    cdef _Slot* slots = lexicon.slots
    cdef _Slot* found
    cdef Py_UCS4* word
    slot = h & mask
    while True:
        found = slots + slot
        if found.length < 0:
            return 0
        if found.hash == h and found.length == length:
            word = lexicon.chars + found.start
            for j in range(length):
                if word[j] != data[start + j]:
                    break
            else:
                return found.bits
        slot = (slot + 1) & mask


def make_lexicon(dict words):
    """The lexicon :func:`word_stats` takes: word -> bits (see there)."""
    return Lexicon(words)


def word_stats(list norms, Lexicon lexicon, Py_ssize_t languages):
    """Per normal form: its words, how many are stopwords of any language, how many are
    notice words, which cue classes its words belong to, then how many are stopwords of
    each language.

    The lexicon (:func:`make_lexicon`) maps a word to bits: bit k (k < ``languages``) for a
    stopword of language k, bit 62 for a notice word, bit 48 + k for cue class k.
    """
    cdef Py_ssize_t n = len(norms), i
    cdef cnp.int64_t[:, :] o
    cdef str norm
    cdef int kind
    cdef void* data
    out = np.zeros((n, 4 + languages), dtype=np.int64)
    o = out
    for i in range(n):
        norm = <str> norms[i]
        kind = PyUnicode_KIND(norm)
        data = PyUnicode_DATA(norm)
        if kind == PyUnicode_1BYTE_KIND:
            _word_row[_ucs1](<_ucs1*> data, len(norm), lexicon, languages, &o[i, 0])
        elif kind == PyUnicode_2BYTE_KIND:
            _word_row[_ucs2](<_ucs2*> data, len(norm), lexicon, languages, &o[i, 0])
        else:
            _word_row[_ucs4](<_ucs4*> data, len(norm), lexicon, languages, &o[i, 0])
    return out


# Language bits (the low 8) -> one byte per language holding its bit: a word's hits of up
# to eight languages counted by one addition.
cdef unsigned long long _lexicon_spread[256]
cdef bint _lexicon_spread_ready = False


cdef void _fill_lexicon_spread() noexcept:
    global _lexicon_spread_ready
    cdef int value, k
    for value in range(256):
        _lexicon_spread[value] = 0
        for k in range(8):
            if value >> k & 1:
                _lexicon_spread[value] |= 1ULL << (8 * k)
    _lexicon_spread_ready = True


cdef inline unsigned long long _lexicon_pack(
    _ucs_t* data, Py_ssize_t start, Py_ssize_t size
) noexcept:
    # ``size`` (up to 8) code points below 256 from data[start] as the bytes of an
    # integer, the first in the lowest byte (as the short words' table keeps them).
    cdef unsigned long long key = 0
    cdef Py_ssize_t j
    for j in range(size):
        key |= (<unsigned long long> data[start + j]) << (8 * j)
    return key


cdef inline long long _word_bits(
    Lexicon lexicon, _ucs1* data, Py_ssize_t length, Py_ssize_t start, Py_ssize_t end
) noexcept:
    # Lexicon lookup of the word data[start:end] of a one-byte string of ``length``
    # characters (on a little-endian machine): in the short words' table when it fits
    # there, else by its FNV-1a hash.
    cdef Py_ssize_t j, size = end - start
    cdef unsigned long long head = 0, h
    if size <= 8:
        if start + 8 <= length:
            head = _lexicon_load8(data + start) & (0xFFFFFFFFFFFFFFFFULL >> (64 - 8 * size))
        else:
            for j in range(size):
                head |= (<unsigned long long> data[start + j]) << (8 * j)
        return _lexicon_find_short(lexicon, head, 0, size)
    if size <= 16:
        return _lexicon_find_short(
            lexicon, _lexicon_load8(data + start), _lexicon_load8(data + end - 8), size
        )
    h = 14695981039346656037ULL  # FNV-1a, as _fnv hashes
    for j in range(start, end):
        h ^= <unsigned long long> data[j]
        h *= 1099511628211ULL
    return _lexicon_find(lexicon, data, start, end, h)


cdef int _word_row(
    _ucs_t* data, Py_ssize_t length, Lexicon lexicon, Py_ssize_t languages, cnp.int64_t* row
) except -1:
    # One row of word_stats: the words of a normal form of ``length`` characters.
    cdef Py_ssize_t j = 0, start, k
    cdef unsigned long long h
    cdef long long bits, mask
    cdef long long language_bits = (1LL << languages) - 1
    # Counted in locals (the characters are read through a pointer that may alias ``row``).
    cdef cnp.int64_t words = 0, stopwords = 0, notices = 0, cues = 0
    cdef unsigned long long packed, spaces, lanes = 0
    cdef unsigned long wide
    cdef Py_ssize_t pending = 0
    if not _lexicon_spread_ready:
        _fill_lexicon_spread()
    while j < length:
        while j < length and data[j] == 0x20:
            j += 1
        if j >= length:
            break
        start = j
        if _ucs_t is _ucs1 and _lexicon_little:
            # The word ends at the first space: looked for eight code points at a time
            # (the lowest zero byte of packed ^ spaces is the first space; the borrows of
            # the test only mark bytes above it).
            while j + 8 <= length:
                packed = _lexicon_load8(data + j) ^ 0x2020202020202020ULL
                spaces = (packed - 0x0101010101010101ULL) & ~packed & 0x8080808080808080ULL
                if spaces:
                    j += _lexicon_ctz(spaces) >> 3
                    break
                j += 8
            else:
                while j < length and data[j] != 0x20:
                    j += 1
            bits = _word_bits(lexicon, data, length, start, j)
        else:
            # A word of code points below 256 is looked up in the short words' table (if
            # it fits there) whatever the string's width; any other by its FNV-1a hash.
            wide = 0
            while j < length and data[j] != 0x20:
                wide |= <unsigned long> data[j]
                j += 1
            if wide < 256 and j - start <= 16:
                bits = _lexicon_find_short(
                    lexicon,
                    _lexicon_pack(data, start, j - start if j - start < 8 else 8),
                    _lexicon_pack(data, j - 8, 8) if j - start > 8 else 0,
                    j - start,
                )
            else:
                h = 14695981039346656037ULL  # FNV-1a, as _fnv hashes
                for k in range(start, j):
                    h ^= <unsigned long long> data[k]
                    h *= 1099511628211ULL
                bits = _lexicon_find(lexicon, data, start, j, h)
        words += 1
        # Counted without a branch on the bits (a word's bits are as good as random).
        mask = bits & language_bits
        stopwords += mask != 0
        notices += (bits >> 62) & 1
        cues |= (bits >> 48) & 0x3FFF  # the cue classes
        if languages <= 8:
            # One byte per language, added at once; emptied into the row before a byte
            # can overflow.
            lanes += _lexicon_spread[mask]
            pending += 1
            if pending == 255:
                for k in range(languages):
                    row[4 + k] += (lanes >> (8 * k)) & 0xFF
                lanes = 0
                pending = 0
        else:
            k = 0
            while mask:
                if mask & 1:
                    row[4 + k] += 1
                mask >>= 1
                k += 1
    if pending:
        for k in range(languages):
            row[4 + k] += (lanes >> (8 * k)) & 0xFF
    row[0] += words
    row[1] += stopwords
    row[2] += notices
    row[3] |= cues
    return 0


from newsclean._kernel_py import TABLE_FLAGS, TABLE_INTS
from newsclean._kernel_py import table_columns as _table_columns_py

# Columns of TABLE_INTS and TABLE_FLAGS.
cdef enum:
    T_INDEX, T_PLACE, T_CHARS, T_CAPITALS, T_LETTERS, T_PUNCTUATION, T_SEPARATORS, T_WORDS,
    T_STOPWORDS, T_NOTICES, T_CUES, T_COUNT

cdef enum:
    G_SENTENCE_END, G_UPPER_START, G_COLON_END, G_CODE, G_LOWER_START, G_ELLIPSIS_END,
    G_ADDRESS, G_NOTICE, G_COUNT

if len(TABLE_INTS) != T_COUNT or len(TABLE_FLAGS) != G_COUNT or TABLE_INTS[T_WORDS] != "words":
    raise ImportError("newsclean._kernel is out of step with newsclean._kernel_py")


cdef int _shape_row(
    str text,
    object classify,
    cnp.int64_t* ints,
    cnp.uint8_t* flags,
    double* share,
    cnp.int64_t* digits,
) except -1:
    # A line's counts into ints (columns T_CHARS to T_SEPARATORS), its shape flags (the
    # first seven of TABLE_FLAGS), its share of digits and its digits: line_shapes' row.
    cdef cnp.int64_t row[13]
    cdef cnp.int64_t core_last, before_last, chars
    cdef bint dots
    _line_row(text, classify, row)
    chars = row[0]
    ints[T_CHARS] = chars
    ints[T_CAPITALS] = row[2]
    ints[T_LETTERS] = row[3]
    ints[T_PUNCTUATION] = row[4]
    ints[T_SEPARATORS] = row[5]
    core_last = row[10]
    before_last = row[11]
    dots = core_last == 0x2026 or (core_last == 0x2E and before_last == 0x2E)
    flags[G_SENTENCE_END] = (
        core_last == 0x2E or core_last == 0x21 or core_last == 0x3F or core_last == 0x3B
    ) and not dots
    flags[G_UPPER_START] = (row[8] & (2 | 1 | 128)) > 0
    flags[G_COLON_END] = row[9] == 0x3A
    flags[G_CODE] = row[6] > 0 or row[7] > 0
    flags[G_LOWER_START] = (row[8] & 4) > 0
    flags[G_ELLIPSIS_END] = dots
    flags[G_ADDRESS] = row[12] > 0
    share[0] = <double> row[1] / <double> (chars if chars > 1 else 1) if chars < 80 else 0.0
    digits[0] = row[1]
    return 0


cdef tuple _table_arrays(Py_ssize_t n, Py_ssize_t width, Py_ssize_t marks, bint zeroed):
    """The arrays of ``n`` rows of a line table, C-contiguous (zeroed or not): ints (n x
    width, int64), flags (n x marks, uint8), shares of digits (n, float64)."""
    cdef cnp.npy_intp shape[2]
    shape[0] = n
    shape[1] = width
    ints = _new_array(2, shape, cnp.NPY_INT64, zeroed)
    shape[1] = marks
    flags = _new_array(2, shape, cnp.NPY_UINT8, zeroed)
    digits = _new_array(1, shape, cnp.NPY_FLOAT64, zeroed)
    return ints, flags, digits


cdef Py_ssize_t _features_nonblank(object lines) except -1:
    # How many of the lines (tuples: index, text, ...) have a text: the rows of their
    # table, counted first so that its arrays are made of that size (not sliced).
    cdef Py_ssize_t i, count = 0
    cdef str text
    for i in range(len(lines)):
        text = <str> (<tuple> lines[i])[1]
        if text:
            count += 1
    return count


cdef inline object _new_array(int ndim, cnp.npy_intp* shape, int typenum, bint zeroed):
    if zeroed:
        return cnp.PyArray_ZEROS(ndim, shape, typenum, 0)
    return cnp.PyArray_EMPTY(ndim, shape, typenum, 0)


# The distinct normal forms line_table counts (for the language hits): an open-addressing
# set in C of each str and a hash of its stored code units (Python's would hash each normal
# form of a page anew), equal hashes confirmed by comparing the strings: it tells exactly
# what a Python set of the strings would.
ctypedef struct _c_Seen:
    unsigned long long hash
    PyObject* text  # NULL: a free slot


cdef unsigned long long _c_text_hash(str text) noexcept:
    # A hash of the code units of ``text`` (equal strings have equal ones: a str's kind is
    # that of its widest character).
    cdef const unsigned char* data = <const unsigned char*> PyUnicode_DATA(text)
    cdef Py_ssize_t size = PyUnicode_GET_LENGTH(text) * PyUnicode_KIND(text), j = 0
    cdef unsigned long long h = 0x9E3779B97F4A7C15ULL ^ <unsigned long long> size, last = 0
    while j + 8 <= size:
        h = (h ^ _lexicon_load8(data + j)) * 0x9E3779B97F4A7C15ULL
        h ^= h >> 29
        j += 8
    if j < size:
        memcpy(&last, data + j, size - j)
        h = (h ^ last) * 0x9E3779B97F4A7C15ULL
    h ^= h >> 33
    h *= 0xFF51AFD7ED558CCDULL
    h ^= h >> 33
    return h


cdef bint _c_seen_add(_c_Seen* table, Py_ssize_t mask, str text) except -1:
    # Add ``text`` (kept alive by the caller) to the set: whether it was not in it.
    cdef unsigned long long h = _c_text_hash(text)
    cdef Py_ssize_t slot = <Py_ssize_t> (h & <unsigned long long> mask)
    while table[slot].text != NULL:
        if table[slot].hash == h and (
            table[slot].text == <PyObject*> text or <str> <object> table[slot].text == text
        ):
            return False
        slot = (slot + 1) & mask
    table[slot].hash = h
    table[slot].text = <PyObject*> text
    return True


def line_table(
    object lines,
    object norms,
    Lexicon lexicon,
    Py_ssize_t languages,
    object classify,
    *,
    Py_ssize_t limit,
    object before=None,
):
    """The features of the non-blank lines of a view in one pass: see
    ``newsclean._kernel_py.line_table``."""
    cdef Py_ssize_t n = len(lines), i, k, count = 0, width = T_COUNT + languages
    cdef Py_ssize_t taken = 0, seek = 0, rows_before = 0, limit_before = 0
    cdef list chosen = []
    cdef tuple line
    cdef str text, norm
    cdef object index
    cdef bint is_list = type(norms) is list, counting = True, rows_packed = False
    cdef int kind
    cdef void* data
    cdef cnp.int64_t wanted, digit_count
    cdef _Buf old_ints, old_flags, old_digits, where
    cdef object held_ints, held_flags, held_digits, held_where
    cdef cnp.int64_t* row
    cdef cnp.uint8_t* mark
    # The distinct normal forms counted (see _c_seen_add), each held by ``norms`` (a list
    # or a dict) or else by ``held``; the slots in a C array (not a NumPy one: cheaper to
    # make, for a table that lives only as long as this call).
    cdef _c_Seen* seen
    cdef Py_ssize_t seen_mask = 15, nonblank
    cdef bint norms_hold = is_list or type(norms) is dict
    cdef list held = []
    if before is not None:
        held_ints, held_flags, held_digits, held_where = before
        held_ints = _buffer(held_ints, cnp.NPY_INT64, 2, &old_ints)
        held_flags = _buffer(held_flags, cnp.NPY_UINT8, 2, &old_flags)
        held_digits = _buffer(held_digits, cnp.NPY_FLOAT64, 1, &old_digits)
        held_where = _buffer(held_where, cnp.NPY_INT64, 1, &where)
        rows_before = old_ints.shape0
        limit_before = where.shape0
        if old_ints.shape1 != width or old_flags.shape1 != G_COUNT:
            raise ValueError("the rows before are not of this table's width")
        rows_packed = (
            old_ints.stride1 == sizeof(cnp.int64_t) and old_flags.stride1 == sizeof(cnp.uint8_t)
        )
    # Made here, not zeroed: filled through their data pointers, every row of each (a row
    # of counts is zeroed before the counting adds to it).
    nonblank = _features_nonblank(lines)
    ints, flags, digits = _table_arrays(nonblank, width, G_COUNT, False)
    while seen_mask < 2 * nonblank:
        seen_mask = 2 * seen_mask + 1
    cdef cnp.npy_intp size = languages
    hits = cnp.PyArray_ZEROS(1, &size, cnp.NPY_INT64, 0)
    cdef cnp.int64_t* o = <cnp.int64_t*> cnp.PyArray_DATA(<cnp.ndarray> ints)
    cdef cnp.uint8_t* f = <cnp.uint8_t*> cnp.PyArray_DATA(<cnp.ndarray> flags)
    cdef cnp.float64_t* d = <cnp.float64_t*> cnp.PyArray_DATA(<cnp.ndarray> digits)
    cdef cnp.int64_t* h = <cnp.int64_t*> cnp.PyArray_DATA(<cnp.ndarray> hits)
    seen = <_c_Seen*> calloc(seen_mask + 1, sizeof(_c_Seen))
    if seen == NULL:
        raise MemoryError()
    # (freed however the loop ends)
    try:
        for i in range(n):
            line = <tuple> lines[i]
            text = <str> line[1]
            if not text:
                continue
            if count >= nonblank:  # the arrays have a row per non-blank line counted first
                raise RuntimeError("the lines changed while their table was made")
            chosen.append(line)
            index = line[0]
            row = o + count * width
            mark = f + count * G_COUNT
            if before is None:
                memset(row, 0, width * sizeof(cnp.int64_t))
                norm = <str?> _norm_at(norms, is_list, index)
                kind = PyUnicode_KIND(norm)
                data = PyUnicode_DATA(norm)
                if kind == PyUnicode_1BYTE_KIND:
                    _word_row[_ucs1](<_ucs1*> data, len(norm), lexicon, languages, row + T_WORDS)
                elif kind == PyUnicode_2BYTE_KIND:
                    _word_row[_ucs2](<_ucs2*> data, len(norm), lexicon, languages, row + T_WORDS)
                else:
                    _word_row[_ucs4](<_ucs4*> data, len(norm), lexicon, languages, row + T_WORDS)
                _shape_row(text, classify, row, mark, &d[count], &digit_count)
                mark[G_NOTICE] = row[T_NOTICES] > 0
            else:
                k = <Py_ssize_t> index
                wanted = _i64(&where, k) if 0 <= k < limit_before else -1
                while seek < rows_before and _i64_2(&old_ints, seek, T_INDEX) < wanted:
                    seek += 1
                if seek >= rows_before or _i64_2(&old_ints, seek, T_INDEX) != wanted:
                    return None
                if rows_packed:  # (the arrays line_table makes: rows one after another)
                    memcpy(
                        row, old_ints.data + seek * old_ints.stride0, width * sizeof(cnp.int64_t)
                    )
                    memcpy(mark, old_flags.data + seek * old_flags.stride0, G_COUNT)
                else:
                    for k in range(width):
                        row[k] = _i64_2(&old_ints, seek, k)
                    for k in range(G_COUNT):
                        mark[k] = _u8_2(&old_flags, seek, k)
                d[count] = _f64(&old_digits, seek)
                seek += 1
                if counting:
                    norm = <str?> _norm_at(norms, is_list, index)
            row[T_INDEX] = <cnp.int64_t> index
            row[T_PLACE] = i
            if counting:
                if not norms_hold:
                    held.append(norm)
                if not _c_seen_add(seen, seen_mask, norm):
                    count += 1
                    continue
                taken += row[T_WORDS]
                for k in range(languages):
                    h[k] += row[T_COUNT + k]
                if taken > limit:
                    counting = False
            count += 1
    finally:
        free(seen)
    if count != nonblank:  # rows left unwritten (the arrays are not zeroed)
        raise RuntimeError("the lines changed while their table was made")
    return chosen, ints, flags, digits, hits, taken


cdef inline bint _features_contiguous(object array, int typenum) noexcept:
    # Whether ``array`` is what np.ascontiguousarray(array, dtype) gives back unchanged: a
    # C-contiguous two-dimensional array of that type (as line_table makes them).
    return _plain(array, typenum, 2) and cnp.PyArray_IS_C_CONTIGUOUS(<cnp.ndarray> array)


def table_rows(object lines, object ints, object flags, object digits):
    """The rows of :func:`line_table`'s arrays for the non-blank lines of a view: see
    ``newsclean._kernel_py.table_rows``."""
    cdef Py_ssize_t n = len(lines), i, count = 0, seek = 0
    cdef _Buf table, shown, shares
    # Read through their pointers (C-contiguous copies where they are not already).
    held_ints = ints if _features_contiguous(ints, cnp.NPY_INT64) else (
        np.ascontiguousarray(ints, dtype=np.int64)
    )
    held_ints = _buffer(held_ints, cnp.NPY_INT64, 2, &table)
    held_flags = flags if _features_contiguous(flags, cnp.NPY_UINT8) else (
        np.ascontiguousarray(flags, dtype=np.uint8)
    )
    held_flags = _buffer(held_flags, cnp.NPY_UINT8, 2, &shown)
    held_digits = _buffer(digits, cnp.NPY_FLOAT64, 1, &shares)
    cdef Py_ssize_t total = table.shape0, width = table.shape1, marks = shown.shape1
    cdef cnp.int64_t* rows = <cnp.int64_t*> table.data
    cdef cnp.uint8_t* seen = <cnp.uint8_t*> shown.data
    cdef list chosen = []
    cdef tuple line
    cdef cnp.int64_t wanted
    out_ints, out_flags, out_digits = _table_arrays(_features_nonblank(lines), width, marks, False)
    cdef cnp.int64_t* o = <cnp.int64_t*> cnp.PyArray_DATA(<cnp.ndarray> out_ints)
    cdef cnp.uint8_t* f = <cnp.uint8_t*> cnp.PyArray_DATA(<cnp.ndarray> out_flags)
    cdef cnp.float64_t* d = <cnp.float64_t*> cnp.PyArray_DATA(<cnp.ndarray> out_digits)
    if total and (width < T_COUNT or total != shares.shape0):
        raise ValueError("not the arrays of a line table")
    for i in range(n):
        line = <tuple> lines[i]
        if not <str> line[1]:
            continue
        chosen.append(line)
        wanted = line[0]
        while seek < total and rows[seek * width + T_INDEX] < wanted:
            seek += 1
        if seek >= total or rows[seek * width + T_INDEX] != wanted:
            raise ValueError("a line of the view has no row in the table")
        memcpy(o + count * width, rows + seek * width, width * sizeof(cnp.int64_t))
        o[count * width + T_PLACE] = i
        if marks:
            memcpy(f + count * marks, seen + seek * marks, marks)
        d[count] = _f64(&shares, seek)
        seek += 1
        count += 1
    return chosen, out_ints, out_flags, out_digits


cdef object _column_of(cnp.ndarray matrix, Py_ssize_t k, int typenum):
    # Column k of a two-dimensional array, as a view of it of numpy type ``typenum`` (of
    # the same item size).
    cdef cnp.npy_intp size = cnp.PyArray_DIMS(matrix)[0]
    cdef cnp.npy_intp stride = cnp.PyArray_STRIDES(matrix)[0]
    if not 0 <= k < cnp.PyArray_DIMS(matrix)[1]:
        raise IndexError("no such column")
    column = cnp.PyArray_New(
        np.ndarray, 1, &size, typenum, &stride,
        cnp.PyArray_BYTES(matrix) + k * cnp.PyArray_STRIDES(matrix)[1], 0,
        cnp.NPY_ARRAY_WRITEABLE | cnp.NPY_ARRAY_ALIGNED, None,
    )
    cnp.set_array_base(<cnp.ndarray> column, matrix)
    return column


def table_columns(object ints, object flags, object digits, list sources):
    """The columns of a line table as views of :func:`line_table`'s arrays: see
    ``newsclean._kernel_py.table_columns``."""
    cdef list out = []
    cdef Py_ssize_t part, k
    if not (
        type(ints) is cnp.ndarray and cnp.PyArray_TYPE(<cnp.ndarray> ints) == cnp.NPY_INT64
        and cnp.PyArray_NDIM(<cnp.ndarray> ints) == 2
        and type(flags) is cnp.ndarray and cnp.PyArray_TYPE(<cnp.ndarray> flags) == cnp.NPY_UINT8
        and cnp.PyArray_NDIM(<cnp.ndarray> flags) == 2
    ):
        return _table_columns_py(ints, flags, digits, sources)
    for part, k in sources:
        if part == 0:
            out.append(_column_of(<cnp.ndarray> ints, k, cnp.NPY_INT64))
        elif part == 1:
            out.append(_column_of(<cnp.ndarray> flags, k, cnp.NPY_BOOL))
        elif part == 2:
            out.append(digits)
        else:
            out.append(np.zeros(len(ints), dtype=np.int64))
    return out


from newsclean._kernel_py import features_language as _features_language_py


def features_language(tuple codes, object hits, Py_ssize_t taken, double share):
    """The document's language and languages from its stopword hits: see
    ``newsclean._kernel_py.features_language``."""
    cdef _Buf counts
    cdef Py_ssize_t n, k, best = 0
    cdef cnp.int64_t top, hit
    cdef list chosen
    if not _plain(hits, cnp.NPY_INT64, 1):
        return _features_language_py(codes, hits, taken, share)
    _buffer(hits, cnp.NPY_INT64, 1, &counts)
    n = counts.shape0
    if n != len(codes):
        return _features_language_py(codes, hits, taken, share)
    if n == 0:
        return "", ()
    top = _i64(&counts, 0)
    for k in range(1, n):
        hit = _i64(&counts, k)
        if hit > top:
            top = hit
            best = k
    # Beyond 2**52 a count (or its double) is not exact as a double: the twin decides.
    if not -(1LL << 52) < top < (1LL << 52) or not 0 <= taken < (1LL << 52):
        return _features_language_py(codes, hits, taken, share)
    if top == 0 or <double> top < share * <double> taken:
        return "", ()
    chosen = []
    for k in range(n):
        hit = _i64(&counts, k)
        if hit < -(1LL << 52):
            return _features_language_py(codes, hits, taken, share)
        if hit * 2 >= top:
            chosen.append(codes[k])
    return codes[best], tuple(chosen)


def language_hits(list norms, cnp.int64_t[:, :] rows, Py_ssize_t limit):
    """The stopword hits of each language over the distinct normal forms, in order, until
    more than ``limit`` words are taken: see ``newsclean._kernel_py.language_hits``."""
    cdef Py_ssize_t n = len(norms), i, k, languages = rows.shape[1] - 4, taken = 0
    cdef set seen = set()
    hits = np.zeros(languages, dtype=np.int64)
    cdef cnp.int64_t[:] h = hits
    for i in range(n):
        norm = norms[i]
        if norm in seen:
            continue
        seen.add(norm)
        taken += rows[i, 0]
        for k in range(languages):
            h[k] += rows[i, 4 + k]
        if taken > limit:
            break
    return hits, taken


from libc.stdlib cimport calloc, free, malloc


cdef void _viterbi(
    const cnp.int64_t* scores, Py_ssize_t n, cnp.int64_t switch, cnp.uint8_t* back,
    cnp.uint8_t* flags,
) noexcept:
    """The chrome flags of :func:`segment` into ``flags``; ``back`` (2 * n bytes, zeroed)
    keeps the choices."""
    cdef Py_ssize_t i
    cdef cnp.int64_t keep, drop = 0, new_keep, new_drop, value
    cdef bint state_drop
    if n == 0:
        return
    keep = scores[0]
    for i in range(1, n):
        value = scores[i]
        if drop - switch > keep:
            new_keep = drop - switch + value
            back[2 * i] = 1
        else:
            new_keep = keep + value
        if keep - switch > drop:
            new_drop = keep - switch
            back[2 * i + 1] = 1
        else:
            new_drop = drop
        keep = new_keep
        drop = new_drop
    state_drop = drop > keep
    for i in range(n - 1, -1, -1):
        flags[i] = state_drop
        if state_drop:
            state_drop = not back[2 * i + 1]
        else:
            state_drop = back[2 * i]


def segment(cnp.int64_t[:] scores, cnp.int64_t switch):
    """Chrome flags of the labelling with the best total: the scores of the article lines,
    less ``switch`` for each change between article and chrome (two-state Viterbi)."""
    cdef Py_ssize_t n = scores.shape[0], i
    out = np.zeros(n, dtype=bool)
    if n == 0:
        return out
    values_array = np.empty(n, dtype=np.int64)
    back_array = np.zeros(2 * n, dtype=np.uint8)
    cdef cnp.int64_t[::1] values = values_array
    cdef cnp.uint8_t[::1] back = back_array, flags = out.view(np.uint8)
    for i in range(n):
        values[i] = scores[i]
    _viterbi(&values[0], n, switch, &back[0], &flags[0])
    return out


from libc.string cimport memset


def chrome_rows(object scores, cnp.int64_t threshold, cnp.int64_t switch):
    """The positions of the chrome rows: see ``newsclean._kernel_py.chrome_rows``."""
    # Read through its pointer, the output made with numpy's C API (a typed memoryview and
    # a call of np.empty cost more than a page's rows).
    cdef _Buf b
    scores = _buffer(scores, cnp.NPY_INT64, 1, &b)
    cdef Py_ssize_t n = b.shape0, i, count = 0
    cdef cnp.npy_intp size
    cdef cnp.int64_t* rows
    # One block: the values, the choices (2 n, zeroed) and the flags (zeroed).
    cdef char* block = <char*> malloc(n * sizeof(cnp.int64_t) + 3 * n + 2)
    if block == NULL:
        raise MemoryError()
    cdef cnp.int64_t* values = <cnp.int64_t*> block
    cdef cnp.uint8_t* back = <cnp.uint8_t*> (block + n * sizeof(cnp.int64_t))
    cdef cnp.uint8_t* flags = back + 2 * n + 1
    memset(back, 0, 3 * n + 2)
    try:
        if switch < 0:
            for i in range(n):
                flags[i] = _i64(&b, i) < threshold
        else:
            for i in range(n):
                # numpy's subtraction wraps around
                values[i] = <cnp.int64_t> (
                    <unsigned long long> _i64(&b, i) - <unsigned long long> threshold
                )
            _viterbi(values, n, switch, back, flags)
        for i in range(n):
            count += flags[i]
        size = count
        out = cnp.PyArray_EMPTY(1, &size, cnp.NPY_INT64, 0)
        rows = <cnp.int64_t*> cnp.PyArray_DATA(<cnp.ndarray> out)
        count = 0
        for i in range(n):
            if flags[i]:
                rows[count] = i
                count += 1
        return out
    finally:
        free(block)

from libc.math cimport sqrt

from newsclean._kernel_py import ARTICLE_FEATURES, ARTICLE_INPUTS, CUE_FEATURES

# Columns of ARTICLE_FEATURES (checked against the names when this module is imported).
cdef enum:
    F_CHARS, F_WORDS, F_VERY_SHORT, F_SHORT, F_LONG, F_FEW_WORDS, F_MANY_WORDS, F_DENSITY,
    F_NO_STOPWORDS, F_SENTENCE_END, F_COLON_END, F_ELLIPSIS_END, F_UPPER_START, F_LOWER_START,
    F_DIGITS, F_NOTICE, F_SELF_WORDS, F_BIO_WORDS, F_PROMO_WORDS, F_CAPTION_WORDS,
    F_READER_WORDS, F_CODE, F_BODY, F_MENU, F_SHORT_SENTENCE, F_REMOVED_BEFORE,
    F_REMOVED_AFTER, F_GAP_BEFORE, F_GAP_AFTER, F_POSITION, F_TOP, F_BOTTOM, F_BODY_BEFORE,
    F_BODY_AFTER, F_BEFORE_BODY, F_AFTER_BODY, F_IN_SPAN, F_BEFORE_SPAN, F_AFTER_SPAN,
    F_SPAN_DISTANCE, F_TEASER, F_SPAN_REMOVES, F_CAPITALS, F_PUNCTUATION, F_SEPARATORS,
    F_ADDRESS, F_MENU_RUN, F_LOCAL_BODY, F_BODY_ABOVE, F_BODY_BELOW, F_BLOCK_SIZE,
    F_BLOCK_FIRST, F_BLOCK_LAST, F_BLOCK_BODY, F_DOC_BODY, F_DOC_CHROME, F_CLEAN_DOC,
    F_CLEAN_OUTSIDE, F_DOC_LINES, F_NEIGHBOURS, F_COUNT = F_NEIGHBOURS + 24

# Columns of ARTICLE_INPUTS.
cdef enum:
    I_CHARS, I_WORDS, I_STOPWORDS, I_CAPITALS, I_LETTERS, I_PUNCTUATION, I_SEPARATORS,
    I_SENTENCE_END, I_COLON_END, I_ELLIPSIS_END, I_UPPER_START, I_LOWER_START, I_NOTICE,
    I_CODE, I_INDEX, I_PLACE, I_TEASER, I_SPAN_REMOVES, I_ADDRESS, I_CUES, I_COUNT

if (
    len(ARTICLE_FEATURES) != F_COUNT
    or len(ARTICLE_INPUTS) != I_COUNT
    or ARTICLE_FEATURES[F_SELF_WORDS:F_READER_WORDS + 1] != CUE_FEATURES
    or ARTICLE_INPUTS[I_CUES] != "cues"
):
    raise ImportError("newsclean._kernel is out of step with newsclean._kernel_py")


cdef inline double _root(double value, double cap):
    return sqrt(value if value < cap else cap) / sqrt(cap)


cdef struct _Column:
    char* data
    Py_ssize_t stride


cdef inline double _float_at(_Column* column, Py_ssize_t i) noexcept:
    return (<double*> (column.data + i * column.stride))[0]


def article_columns(
    cnp.int64_t[:, :] ints,
    cnp.float64_t[:] digits,
    *,
    Py_ssize_t total,
    Py_ssize_t view_lines,
    tuple core,
    long min_words,
    double min_density,
    double clean_share,
):
    """The article filter's features of each line: see ``newsclean._kernel_py``."""
    cdef _Column shares
    if ints.shape[0] and digits.shape[0] < ints.shape[0]:
        raise IndexError("fewer shares of digits than lines")
    if ints.shape[1] != I_COUNT:
        raise ValueError("not the article filter's inputs")
    shares.data = <char*> &digits[0] if digits.shape[0] else NULL
    shares.stride = digits.strides[0]
    cdef _Article settings = _Article(
        total, view_lines, core[0], core[1], min_words, min_density, clean_share
    )
    cdef cnp.int64_t[:, ::1] rows = np.ascontiguousarray(ints, dtype=np.int64)
    return _article_columns(&rows[0, 0] if ints.shape[0] else NULL, ints.shape[0], &shares, &settings)


cdef struct _Article:
    # The settings of article_columns; the core span from start to end.
    Py_ssize_t total, view_lines, start, end
    long min_words
    double min_density, clean_share


cdef object _article_columns(
    const cnp.int64_t* ints, Py_ssize_t n, _Column* digits, _Article* settings
):
    # article_columns of n rows of I_COUNT, the shares of digits a column: a new array.
    cdef cnp.npy_intp shape[2]
    shape[0] = n
    shape[1] = F_COUNT
    # Not zeroed as a whole (a page's matrix is tens of kilobytes): _article_columns_to
    # writes every cell, each column that it may leave alone zeroed first.
    out = cnp.PyArray_EMPTY(2, shape, cnp.NPY_FLOAT64, 0)
    _article_columns_to(ints, n, digits, settings, <double*> cnp.PyArray_DATA(<cnp.ndarray> out))
    return out


cdef int _article_columns_to(
    const cnp.int64_t* ints, Py_ssize_t n, _Column* digits, _Article* settings, double* f
) except -1:
    # article_columns into f (n rows of F_COUNT, not necessarily zeroed).
    cdef Py_ssize_t i, k
    if n == 0:
        return 0
    # The columns that _article_columns_into writes only where they are not zero (the
    # others it writes in every row): zeroed in each row.
    for i in range(n):
        f[i * F_COUNT + F_BLOCK_FIRST] = 0.0
        f[i * F_COUNT + F_BLOCK_LAST] = 0.0
        f[i * F_COUNT + F_IN_SPAN] = 0.0
        f[i * F_COUNT + F_BEFORE_SPAN] = 0.0
        f[i * F_COUNT + F_AFTER_SPAN] = 0.0
        f[i * F_COUNT + F_MENU_RUN] = 0.0
        for k in range(F_NEIGHBOURS, F_COUNT):
            f[i * F_COUNT + k] = 0.0
    # One buffer: two sums a block (a block has a line at least), each line's block, its
    # body and menu flags.
    cdef char* buffer = <char*> calloc(n, 2 * sizeof(double) + sizeof(cnp.int64_t) + 2)
    if buffer == NULL:
        raise MemoryError()
    cdef Py_ssize_t flags_at = n * (2 * sizeof(double) + sizeof(cnp.int64_t))
    try:
        _article_columns_into(
            ints, n, digits, settings, f,
            <cnp.uint8_t*> (buffer + flags_at), <cnp.uint8_t*> (buffer + flags_at + n),
            <cnp.int64_t*> (buffer + 2 * n * sizeof(double)), <double*> buffer,
        )
    finally:
        free(buffer)
    return 0


cdef int _article_columns_into(
    const cnp.int64_t* ints,
    Py_ssize_t n,
    _Column* digits,
    _Article* settings,
    double* f,
    cnp.uint8_t* is_body,
    cnp.uint8_t* is_menu,
    cnp.int64_t* block,
    double* sums,
) except -1:
    # The columns into f (n rows of F_COUNT; zeroed where a column is not written in every
    # row: see _article_columns_to); ints: n rows of I_COUNT; the other buffers zeroed, of
    # n items each (sums: 2 n).
    cdef Py_ssize_t i, j, k, run_start
    cdef Py_ssize_t total = settings.total, view_lines = settings.view_lines
    cdef Py_ssize_t start = settings.start, end = settings.end
    cdef long min_words = settings.min_words
    cdef double min_density = settings.min_density, clean_share = settings.clean_share
    cdef bint has_core = start >= 0
    cdef long words, stop, chars
    cdef cnp.int64_t cues
    cdef bint send, colon, code, body, menu
    cdef double density, removed_total = 0.0, before, after, body_total = 0.0, cum = 0.0
    cdef double body_chars, menus = 0.0, bodies = 0.0, chrome, window_sum
    cdef long tail, gap, blocks = 0, count, lo, hi
    # Line by line: shape, gaps, position.
    for i in range(n):
        chars = ints[i * I_COUNT + I_CHARS]
        words = ints[i * I_COUNT + I_WORDS]
        stop = ints[i * I_COUNT + I_STOPWORDS]
        send = ints[i * I_COUNT + I_SENTENCE_END] > 0
        colon = ints[i * I_COUNT + I_COLON_END] > 0
        code = ints[i * I_COUNT + I_CODE] > 0
        density = <double> stop / <double> (words if words > 1 else 1)
        body = words >= min_words and density >= min_density and (send or chars >= 100 or colon)
        menu = words <= 3 and stop == 0 and not send and not code and not colon
        is_body[i] = body
        is_menu[i] = menu
        f[i * F_COUNT + F_CHARS] = _root(<double> chars, 1600.0)
        f[i * F_COUNT + F_WORDS] = _root(<double> words, 400.0)
        f[i * F_COUNT + F_VERY_SHORT] = chars <= 20
        f[i * F_COUNT + F_SHORT] = chars <= 50
        f[i * F_COUNT + F_LONG] = chars >= 150
        f[i * F_COUNT + F_FEW_WORDS] = words <= 3
        f[i * F_COUNT + F_MANY_WORDS] = words >= 12
        f[i * F_COUNT + F_DENSITY] = density
        f[i * F_COUNT + F_NO_STOPWORDS] = words >= 4 and stop == 0
        f[i * F_COUNT + F_SENTENCE_END] = send
        f[i * F_COUNT + F_COLON_END] = colon
        f[i * F_COUNT + F_ELLIPSIS_END] = ints[i * I_COUNT + I_ELLIPSIS_END] > 0
        f[i * F_COUNT + F_UPPER_START] = ints[i * I_COUNT + I_UPPER_START] > 0
        f[i * F_COUNT + F_LOWER_START] = ints[i * I_COUNT + I_LOWER_START] > 0
        f[i * F_COUNT + F_DIGITS] = _float_at(digits, i)
        f[i * F_COUNT + F_NOTICE] = ints[i * I_COUNT + I_NOTICE] > 0
        cues = ints[i * I_COUNT + I_CUES]
        f[i * F_COUNT + F_SELF_WORDS] = cues & 1
        f[i * F_COUNT + F_BIO_WORDS] = (cues >> 1) & 1
        f[i * F_COUNT + F_PROMO_WORDS] = (cues >> 2) & 1
        f[i * F_COUNT + F_CAPTION_WORDS] = (cues >> 3) & 1
        f[i * F_COUNT + F_READER_WORDS] = (cues >> 4) & 1
        f[i * F_COUNT + F_CODE] = code
        f[i * F_COUNT + F_BODY] = body
        f[i * F_COUNT + F_MENU] = menu
        f[i * F_COUNT + F_SHORT_SENTENCE] = send and words >= 4 and not body
        f[i * F_COUNT + F_CAPITALS] = <double> ints[i * I_COUNT + I_CAPITALS] / <double> (
            ints[i * I_COUNT + I_LETTERS] if ints[i * I_COUNT + I_LETTERS] > 1 else 1
        )
        f[i * F_COUNT + F_PUNCTUATION] = (
            <double> ints[i * I_COUNT + I_PUNCTUATION] / <double> chars
        )
        f[i * F_COUNT + F_SEPARATORS] = ints[i * I_COUNT + I_SEPARATORS] > 0
        f[i * F_COUNT + F_ADDRESS] = ints[i * I_COUNT + I_ADDRESS] > 0
        f[i * F_COUNT + F_TEASER] = ints[i * I_COUNT + I_TEASER] > 0
        f[i * F_COUNT + F_SPAN_REMOVES] = ints[i * I_COUNT + I_SPAN_REMOVES] > 0
        if i == 0:
            gap = ints[I_INDEX] - ints[I_PLACE]
        else:
            gap = (
                (ints[i * I_COUNT + I_INDEX] - ints[(i - 1) * I_COUNT + I_INDEX])
                - (ints[i * I_COUNT + I_PLACE] - ints[(i - 1) * I_COUNT + I_PLACE])
            )
        before = <double> gap
        removed_total += before
        f[i * F_COUNT + F_REMOVED_BEFORE] = (before if before < 10.0 else 10.0) / 10.0
        f[i * F_COUNT + F_GAP_BEFORE] = before > 0
        if i > 0:
            f[(i - 1) * F_COUNT + F_REMOVED_AFTER] = (before if before < 10.0 else 10.0) / 10.0
            f[(i - 1) * F_COUNT + F_GAP_AFTER] = before > 0
        f[i * F_COUNT + F_POSITION] = <double> ints[i * I_COUNT + I_INDEX] / <double> (
            total - 1 if total - 1 > 1 else 1
        )
        f[i * F_COUNT + F_TOP] = f[i * F_COUNT + F_POSITION] < 0.1
        f[i * F_COUNT + F_BOTTOM] = f[i * F_COUNT + F_POSITION] > 0.9
        if i == 0 or ints[i * I_COUNT + I_PLACE] - ints[(i - 1) * I_COUNT + I_PLACE] > 1:
            f[i * F_COUNT + F_BLOCK_FIRST] = 1.0
            if i > 0:
                f[(i - 1) * F_COUNT + F_BLOCK_LAST] = 1.0
                blocks += 1
        block[i] = blocks
        if body:
            body_total += <double> chars
            bodies += 1.0
        if menu:
            menus += 1.0
    tail = (
        (total - 1 - ints[(n - 1) * I_COUNT + I_INDEX])
        - (view_lines - 1 - ints[(n - 1) * I_COUNT + I_PLACE])
    )
    if tail < 0:
        tail = 0
    removed_total += <double> tail
    after = <double> tail
    f[(n - 1) * F_COUNT + F_REMOVED_AFTER] = (after if after < 10.0 else 10.0) / 10.0
    f[(n - 1) * F_COUNT + F_GAP_AFTER] = after > 0
    f[(n - 1) * F_COUNT + F_BLOCK_LAST] = 1.0
    # Body text above and below, the core span, runs of menu-like lines.
    cdef double total_body = body_total if body_total != 0.0 else 1.0
    cdef long distance
    cdef Py_ssize_t last_body = -1
    for i in range(n):
        body_chars = <double> ints[i * I_COUNT + I_CHARS] if is_body[i] else 0.0
        cum += body_chars
        f[i * F_COUNT + F_BODY_BEFORE] = (cum - body_chars) / total_body
        f[i * F_COUNT + F_BODY_AFTER] = (
            (total_body - cum) / total_body if body_total != 0.0 else 0.0
        )
        f[i * F_COUNT + F_BEFORE_BODY] = f[i * F_COUNT + F_BODY_BEFORE] == 0.0
        f[i * F_COUNT + F_AFTER_BODY] = f[i * F_COUNT + F_BODY_AFTER] == 0.0
        if has_core:
            f[i * F_COUNT + F_IN_SPAN] = start <= i <= end
            f[i * F_COUNT + F_BEFORE_SPAN] = i < start
            f[i * F_COUNT + F_AFTER_SPAN] = i > end
            distance = start - i
            if i - end > distance:
                distance = i - end
            if distance < 0:
                distance = 0
            f[i * F_COUNT + F_SPAN_DISTANCE] = _root(<double> distance, 100.0)
        else:
            f[i * F_COUNT + F_SPAN_DISTANCE] = _root(100.0, 100.0)
        f[i * F_COUNT + F_BODY_ABOVE] = _root(
            <double> (i - last_body) if last_body >= 0 else 25.0, 25.0
        )
        if is_body[i]:
            last_body = i
    last_body = -1
    for i in range(n - 1, -1, -1):
        f[i * F_COUNT + F_BODY_BELOW] = _root(
            <double> (last_body - i) if last_body >= 0 else 25.0, 25.0
        )
        if is_body[i]:
            last_body = i
    i = 0
    while i < n:
        if is_menu[i]:
            run_start = i
            while i < n and is_menu[i]:
                i += 1
            for j in range(run_start, i):
                f[j * F_COUNT + F_MENU_RUN] = _root(<double> (i - run_start), 25.0)
        else:
            i += 1
    # Eleven lines around each line: the share of body lines.
    for i in range(n):
        lo = i - 5 if i - 5 > 0 else 0
        hi = i + 5 if i + 5 < n - 1 else n - 1
        window_sum = 0.0
        for j in range(lo, hi + 1):
            window_sum += is_body[j]
        f[i * F_COUNT + F_LOCAL_BODY] = window_sum / <double> (hi - lo + 1)
    # Blocks and the document.
    # Blocks: at most one a line.
    cdef double* size = sums
    cdef double* block_body = sums + n
    for i in range(n):
        size[block[i]] += 1.0
        block_body[block[i]] += is_body[i]
    chrome = (menus + removed_total) / (<double> n + removed_total)
    cdef bint clean = chrome < clean_share
    for i in range(n):
        f[i * F_COUNT + F_BLOCK_SIZE] = _root(size[block[i]], 25.0)
        f[i * F_COUNT + F_BLOCK_BODY] = block_body[block[i]] / size[block[i]]
        f[i * F_COUNT + F_DOC_BODY] = bodies / <double> n
        f[i * F_COUNT + F_DOC_CHROME] = chrome
        f[i * F_COUNT + F_CLEAN_DOC] = clean
        f[i * F_COUNT + F_CLEAN_OUTSIDE] = clean and f[i * F_COUNT + F_IN_SPAN] == 0.0
        f[i * F_COUNT + F_DOC_LINES] = _root(<double> n, 2500.0)
    # Neighbours: prev1, prev2, next1, next2; each body, menu, chars, density,
    # sentence_end, missing.
    cdef int side, step, base
    cdef Py_ssize_t other
    base = F_NEIGHBOURS
    for side in (-1, 1):
        for step in (1, 2):
            for i in range(n):
                other = i + side * step
                if 0 <= other < n:
                    f[i * F_COUNT + base] = is_body[other]
                    f[i * F_COUNT + (base + 1)] = is_menu[other]
                    f[i * F_COUNT + (base + 2)] = f[other * F_COUNT + F_CHARS]
                    f[i * F_COUNT + (base + 3)] = f[other * F_COUNT + F_DENSITY]
                    f[i * F_COUNT + (base + 4)] = f[other * F_COUNT + F_SENTENCE_END]
                    f[i * F_COUNT + (base + 5)] = 0.0
                else:
                    f[i * F_COUNT + (base + 5)] = 1.0
            base += 6
    return 0




from newsclean._kernel_py import article_matrix as _article_matrix_py


def article_matrix(
    object ints,
    object flags,
    object digits,
    object teasers,
    object removed,
    *,
    bint stopwords,
    Py_ssize_t total,
    Py_ssize_t view_lines,
    tuple core,
    long min_words,
    double min_density,
    double clean_share,
):
    """The article filter's features of a view's lines: see
    ``newsclean._kernel_py.article_matrix``."""
    cdef _Buf t_ints, t_flags
    cdef _Column shares
    if not _line_table_rows(ints, flags, digits, &t_ints, &t_flags, &shares):
        return _article_matrix_py(
            ints, flags, digits, teasers, removed, stopwords=stopwords, total=total,
            view_lines=view_lines, core=core, min_words=min_words, min_density=min_density,
            clean_share=clean_share,
        )
    cdef Py_ssize_t n = t_ints.shape0, i
    cdef cnp.int64_t* rows = <cnp.int64_t*> malloc((n if n else 1) * I_COUNT * sizeof(cnp.int64_t))
    if rows == NULL:
        raise MemoryError()
    cdef _Article article = _Article(
        total, view_lines, core[0], core[1], min_words, min_density, clean_share
    )
    try:
        if not _article_inputs(&t_ints, &t_flags, stopwords, teasers, removed, rows):
            return _article_matrix_py(
                ints, flags, digits, teasers, removed, stopwords=stopwords, total=total,
                view_lines=view_lines, core=core, min_words=min_words, min_density=min_density,
                clean_share=clean_share,
            )
        return _article_columns(rows, n, &shares, &article)
    finally:
        free(rows)


cdef bint _line_table_rows(
    object ints, object flags, object digits, _Buf* t_ints, _Buf* t_flags, _Column* shares
):
    # Point the buffers at the arrays of line_table (or table_rows): false unless they are
    # plain arrays of int64, uint8 and float64 with a row each for the same lines and the
    # table's columns (the caller keeps the arrays).
    if not (
        _plain(ints, cnp.NPY_INT64, 2)
        and _plain(flags, cnp.NPY_UINT8, 2)
        and _plain(digits, cnp.NPY_FLOAT64, 1)
    ):
        return False
    _buffer(ints, cnp.NPY_INT64, 2, t_ints)
    _buffer(flags, cnp.NPY_UINT8, 2, t_flags)
    shares.data = cnp.PyArray_BYTES(<cnp.ndarray> digits)
    shares.stride = cnp.PyArray_STRIDES(<cnp.ndarray> digits)[0]
    return (
        t_flags.shape0 == t_ints.shape0
        and cnp.PyArray_DIMS(<cnp.ndarray> digits)[0] == t_ints.shape0
        and t_ints.shape1 >= T_COUNT
        and t_flags.shape1 >= G_COUNT
    )


cdef bint _article_inputs(
    _Buf* t_ints, _Buf* t_flags, bint stopwords, object teasers, object removed,
    cnp.int64_t* rows,
) except -1:
    # The rows of ARTICLE_INPUTS (n of I_COUNT) of a line table's rows; false when a teaser
    # or removed position is not an int within them (the twin says what that gives).
    cdef Py_ssize_t n = t_ints.shape0, i
    cdef cnp.int64_t* row
    for i in range(n):
        row = rows + i * I_COUNT
        row[I_CHARS] = _i64_2(t_ints, i, T_CHARS)
        row[I_WORDS] = _i64_2(t_ints, i, T_WORDS)
        row[I_STOPWORDS] = _i64_2(t_ints, i, T_STOPWORDS) if stopwords else 0
        row[I_CAPITALS] = _i64_2(t_ints, i, T_CAPITALS)
        row[I_LETTERS] = _i64_2(t_ints, i, T_LETTERS)
        row[I_PUNCTUATION] = _i64_2(t_ints, i, T_PUNCTUATION)
        row[I_SEPARATORS] = _i64_2(t_ints, i, T_SEPARATORS)
        row[I_SENTENCE_END] = _u8_2(t_flags, i, G_SENTENCE_END) != 0
        row[I_COLON_END] = _u8_2(t_flags, i, G_COLON_END) != 0
        row[I_ELLIPSIS_END] = _u8_2(t_flags, i, G_ELLIPSIS_END) != 0
        row[I_UPPER_START] = _u8_2(t_flags, i, G_UPPER_START) != 0
        row[I_LOWER_START] = _u8_2(t_flags, i, G_LOWER_START) != 0
        row[I_NOTICE] = _u8_2(t_flags, i, G_NOTICE) != 0
        row[I_CODE] = _u8_2(t_flags, i, G_CODE) != 0
        row[I_INDEX] = _i64_2(t_ints, i, T_INDEX)
        row[I_PLACE] = _i64_2(t_ints, i, T_PLACE)
        row[I_TEASER] = 0
        row[I_SPAN_REMOVES] = 0
        row[I_ADDRESS] = _u8_2(t_flags, i, G_ADDRESS) != 0
        row[I_CUES] = _i64_2(t_ints, i, T_CUES)
    for k, positions in ((I_TEASER, teasers), (I_SPAN_REMOVES, removed)):
        for item in positions:
            if type(item) is not int or not 0 <= item < n:
                return False
            rows[<Py_ssize_t> item * I_COUNT + <Py_ssize_t> k] = 1
    return True


from newsclean._kernel_py import SPAN_INPUTS

cdef enum:
    S_INDEX, S_PLACE, S_WORDS, S_STOPWORDS, S_SENTENCE_END, S_CHARS, S_COLON_END, S_NOTICE,
    S_CODE, S_COUNT

if len(SPAN_INPUTS) != S_COUNT:
    raise ImportError("newsclean._kernel is out of step with newsclean._kernel_py")


def span_scores(
    cnp.int64_t[:, :] ints,
    cnp.float64_t[:] digits,
    *,
    long last,
    long min_words,
    double min_density,
    double max_gain,
    double tail,
    long short_run,
    double cost,
    double teaser_factor,
):
    """The span rules' score of each line, teaser flags and core span: see
    ``newsclean._kernel_py.span_scores``."""
    cdef Py_ssize_t n = ints.shape[0]
    cdef Py_ssize_t core[2]
    cdef _Column shares
    scores = np.zeros(n, dtype=np.float64)
    flags = np.zeros(n, dtype=bool)
    bodies = np.zeros(n, dtype=bool)
    menus = np.zeros(n, dtype=bool)
    if n == 0:
        return scores, flags, (-1, -1), bodies, menus
    if digits.shape[0] < n:
        raise IndexError("fewer shares of digits than lines")
    if ints.shape[1] != S_COUNT:
        raise ValueError("not the span rules' inputs")
    shares.data = <char*> &digits[0]
    shares.stride = digits.strides[0]
    cdef _Span rules = _Span(
        last, min_words, short_run, min_density, max_gain, tail, cost, teaser_factor
    )
    cdef cnp.int64_t[:, ::1] rows = np.ascontiguousarray(ints, dtype=np.int64)
    _span_scores_into(
        &rows[0, 0], n, &shares, &rules, <double*> cnp.PyArray_DATA(<cnp.ndarray> scores),
        <cnp.uint8_t*> cnp.PyArray_DATA(<cnp.ndarray> flags),
        <cnp.uint8_t*> cnp.PyArray_DATA(<cnp.ndarray> bodies),
        <cnp.uint8_t*> cnp.PyArray_DATA(<cnp.ndarray> menus), core,
    )
    return scores, flags, (core[0], core[1]), bodies, menus


cdef struct _Span:
    # The settings of span_scores.
    long last, min_words, short_run
    double min_density, max_gain, tail, cost, teaser_factor


cdef int _span_scores_into(
    const cnp.int64_t* ints,
    Py_ssize_t n,
    _Column* digits,
    _Span* rules,
    double* s,
    cnp.uint8_t* teaser,
    cnp.uint8_t* is_body,
    cnp.uint8_t* is_menu,
    Py_ssize_t* core,
) except -1:
    # span_scores of n rows of S_COUNT into zeroed arrays of n items: scores, teaser, body
    # and menu flags, and the core span (start, end; -1, -1 for none).
    cdef Py_ssize_t i, j, k, group_start, group_count, previous_framed
    cdef long run = 0, index, place, words, stop, chars
    cdef long previous_index = -1, previous_place = -1
    cdef bint send, colon, notice, code, framed, between_ok
    cdef double density, gain, where, total, best
    cdef Py_ssize_t start, best_start = -1, best_end = -1
    cdef long last = rules.last, min_words = rules.min_words, short_run = rules.short_run
    cdef double min_density = rules.min_density, max_gain = rules.max_gain, tail = rules.tail
    cdef double cost = rules.cost, teaser_factor = rules.teaser_factor
    for i in range(n):
        index = ints[i * S_COUNT + S_INDEX]
        place = ints[i * S_COUNT + S_PLACE]
        words = ints[i * S_COUNT + S_WORDS]
        stop = ints[i * S_COUNT + S_STOPWORDS]
        send = ints[i * S_COUNT + S_SENTENCE_END] > 0
        chars = ints[i * S_COUNT + S_CHARS]
        colon = ints[i * S_COUNT + S_COLON_END] > 0
        notice = ints[i * S_COUNT + S_NOTICE] > 0
        code = ints[i * S_COUNT + S_CODE] > 0
        run += (index - previous_index) - (place - previous_place)
        previous_index = index
        previous_place = place
        density = <double> stop / <double> words if words else 0.0
        is_menu[i] = words <= 3 and not stop and not send and not code and not colon
        if words >= min_words and density >= min_density and (send or chars >= 100 or colon):
            is_body[i] = 1
            gain = <double> chars / 100.0
            if gain > max_gain:
                gain = max_gain
        elif send and words >= 4:
            gain = 0.0
        else:
            gain = -1.0
        if gain > 0:
            where = <double> index / <double> last
            if where > tail:
                gain *= 1 - 0.5 * (where - tail) / (1 - tail)
            s[i] = gain * 0.25 if notice else gain
            run = 0
        elif gain == 0 or code:
            s[i] = 0.0
        elif words >= 3 and stop and _float_at(digits, i) < 0.2:
            s[i] = -0.3
        else:
            run += 1
            s[i] = -0.3 if run <= short_run else -cost
    # Teaser lists: three or more framed body lines with only non-body lines between.
    group_start = -1
    group_count = 0
    previous_framed = -1
    for i in range(n + 1):
        if i < n:
            framed = s[i] > 0 and (i == 0 or s[i - 1] < 0) and (i == n - 1 or s[i + 1] < 0)
            if not framed:
                continue
            between_ok = group_count > 0
            if between_ok:
                for j in range(previous_framed + 1, i):
                    if s[j] > 0:
                        between_ok = False
                        break
            if between_ok:
                teaser[i] = 1  # provisionally; undone below if the group stays short
                group_count += 1
                previous_framed = i
                continue
        if group_count >= 3:
            for j in range(group_start, previous_framed + 1):
                if teaser[j]:
                    s[j] *= teaser_factor
        elif group_count:
            for j in range(group_start, previous_framed + 1):
                teaser[j] = 0
        if i < n:
            group_start = i
            group_count = 1
            previous_framed = i
            teaser[i] = 1
    # The maximum-sum run (Kadane).
    best = 0.0
    total = 0.0
    start = 0
    for i in range(n):
        if total <= 0:
            total = s[i]
            start = i
        else:
            total += s[i]
        if total > best:
            best = total
            best_start = start
            best_end = i
    core[0] = best_start
    core[1] = best_end
    return 0




from newsclean._kernel_py import span_plan as _span_plan_py


def span_plan(
    object ints,
    object flags,
    object digits,
    *,
    bint stopwords,
    long last,
    long min_words,
    double min_density,
    double max_gain,
    double tail,
    long short_run,
    double cost,
    double teaser_factor,
    long barrier,
    long headline_lines,
):
    """The span rules' plan of a view's lines: see ``newsclean._kernel_py.span_plan``."""
    cdef _Span rules = _Span(
        last, min_words, short_run, min_density, max_gain, tail, cost, teaser_factor
    )
    return _span_plan_with(ints, flags, digits, stopwords, &rules, barrier, headline_lines)


def _article_span_plan(tuple view, bint stopwords, long last, tuple settings):
    """span_plan of a view's (lines, ints, flags, digits), its settings in one tuple
    (SPAN_SETTINGS' order): see ``newsclean._kernel_py._article_span_plan``."""
    if len(settings) != 9:
        raise ValueError("_article_span_plan: settings are the 9 of SPAN_SETTINGS")
    if len(view) != 4:
        raise ValueError("_article_span_plan: the view is (lines, ints, flags, digits)")
    cdef _Span rules = _Span(
        last,
        settings[0],  # min_words
        settings[4],  # short_run
        settings[1],  # min_density
        settings[2],  # max_gain
        settings[3],  # tail
        settings[5],  # cost
        settings[6],  # teaser_factor
    )
    return _span_plan_with(
        view[1], view[2], view[3], stopwords, &rules, settings[7], settings[8]
    )


cdef object _span_plan_with(
    object ints,
    object flags,
    object digits,
    bint stopwords,
    _Span* rules,
    long barrier,
    long headline_lines,
):
    # span_plan, its settings given.
    cdef _Buf t_ints, t_flags
    cdef _Column shares
    if not _line_table_rows(ints, flags, digits, &t_ints, &t_flags, &shares):
        return _span_plan_py(
            ints, flags, digits, stopwords=stopwords, last=rules.last,
            min_words=rules.min_words, min_density=rules.min_density,
            max_gain=rules.max_gain, tail=rules.tail, short_run=rules.short_run,
            cost=rules.cost, teaser_factor=rules.teaser_factor, barrier=barrier,
            headline_lines=headline_lines,
        )
    cdef Py_ssize_t n = t_ints.shape0, i
    # One buffer: the rows of SPAN_INPUTS, the scores, then the teaser, body and menu flags
    # (zeroed).
    cdef Py_ssize_t at = n * S_COUNT * sizeof(cnp.int64_t)
    cdef char* buffer = <char*> calloc(at + n * (sizeof(double) + 3) + 1, 1)
    if buffer == NULL:
        raise MemoryError()
    cdef cnp.int64_t* rows = <cnp.int64_t*> buffer
    cdef cnp.int64_t* row
    cdef double* s = <double*> (buffer + at)
    cdef cnp.uint8_t* teaser = <cnp.uint8_t*> (buffer + at + n * sizeof(double))
    cdef cnp.uint8_t* body = teaser + n
    cdef cnp.uint8_t* menu = body + n
    cdef Py_ssize_t core[2]
    for i in range(n):
        row = rows + i * S_COUNT
        row[S_INDEX] = _i64_2(&t_ints, i, T_INDEX)
        row[S_PLACE] = _i64_2(&t_ints, i, T_PLACE)
        row[S_WORDS] = _i64_2(&t_ints, i, T_WORDS)
        row[S_STOPWORDS] = _i64_2(&t_ints, i, T_STOPWORDS) if stopwords else 0
        row[S_SENTENCE_END] = _u8_2(&t_flags, i, G_SENTENCE_END) != 0
        row[S_CHARS] = _i64_2(&t_ints, i, T_CHARS)
        row[S_COLON_END] = _u8_2(&t_flags, i, G_COLON_END) != 0
        row[S_NOTICE] = _u8_2(&t_flags, i, G_NOTICE) != 0
        row[S_CODE] = _u8_2(&t_flags, i, G_CODE) != 0
    try:
        if n:
            _span_scores_into(rows, n, &shares, rules, s, teaser, body, menu, core)
        else:
            core[0] = core[1] = -1
        return _span_layout(
            rows, &shares, n, s, teaser, body, menu, core, barrier, headline_lines
        )
    finally:
        free(buffer)


cdef tuple _span_layout(
    const cnp.int64_t* ints,
    _Column* digits,
    Py_ssize_t n,
    double* s,
    cnp.uint8_t* teaser,
    cnp.uint8_t* body,
    cnp.uint8_t* menu,
    Py_ssize_t* core,
    long barrier,
    long headline_lines,
):
    # The rest of span_plan, from the span scores (ints: n rows of S_COUNT).
    cdef Py_ssize_t i, k, pos, probe, start, end, head, back, menus = 0
    cdef Py_ssize_t step
    cdef long run, gap
    cdef bint exact = True
    cdef double mass
    cdef set teasers = set()
    for i in range(n):
        if teaser[i]:
            teasers.add(i)
        menus += menu[i]
    head = n
    for i in range(n):
        if not menu[i]:
            head = i
            break
    back = -1
    for i in range(n - 1, -1, -1):
        if not menu[i]:
            back = i
            break
    cdef list scores = [s[i] for i in range(n)]
    cdef set kept = set()
    start = core[0]
    end = core[1]
    if start < 0:
        return scores, teasers, None, -1, -1, kept, menus, head, back, 0.0
    for step in (1, -1):
        pos = end if step == 1 else start
        run = 0
        probe = pos + step
        while 0 <= probe < n:
            gap = ints[probe * S_COUNT + S_PLACE] - ints[(probe - step) * S_COUNT + S_PLACE]
            gap = (gap if gap >= 0 else -gap) - 1
            k = ints[probe * S_COUNT + S_INDEX] - ints[(probe - step) * S_COUNT + S_INDEX]
            # Removed lines between the two.
            run += (k if k >= 0 else -k) - 1 - gap
            if run >= barrier:
                break
            if s[probe] > 0 and not teaser[probe] and body[probe]:
                pos = probe
                run = 0
            elif menu[probe]:
                run += 1
            probe += step
        if step == 1:
            end = pos
        else:
            start = pos
    pos = end + 1
    if (
        pos < n
        and ints[pos * S_COUNT + S_COLON_END]
        and ints[pos * S_COUNT + S_WORDS] >= 4
        and ints[pos * S_COUNT + S_STOPWORDS] >= 2
        and not ints[pos * S_COUNT + S_NOTICE]
    ):
        end = pos  # "Das Papier finden Sie hier:" ends the article, it points to a link
    pos = start - 1
    while pos > start - 1 - headline_lines and pos > -1:
        if (
            ints[pos * S_COUNT + S_WORDS] < 2
            or ints[pos * S_COUNT + S_CHARS] > 300
            or _float_at(digits, pos) > 0.3
        ):
            break
        kept.add(pos)
        pos -= 1
    # The grown span's mass, math.fsum(scores[start:end + 1]).
    mass = _article_fsum(s + start, end + 1 - start, &exact)
    if not exact:  # an infinity, a NaN or an overflow: math.fsum says what it is
        return scores, teasers, (core[0], core[1]), start, end, kept, menus, head, back, (
            _math_fsum(scores[start:end + 1])
        )
    return scores, teasers, (core[0], core[1]), start, end, kept, menus, head, back, mass


from math import fsum as _math_fsum

from libc.math cimport fabs, isfinite as _isfinite


cdef enum:
    _ARTICLE_PARTIALS = 128  # partials _article_fsum holds


def _article_mass(list values):
    """``math.fsum(values)`` (floats) the way span_plan takes its span's mass: see
    ``newsclean._kernel_py._article_mass``."""
    cdef Py_ssize_t n = len(values), k
    cdef bint exact = True
    cdef double* data = <double*> malloc((n + 1) * sizeof(double))
    if data == NULL:
        raise MemoryError()
    try:
        for k in range(n):
            data[k] = <double> values[k]
        mass = _article_fsum(data, n, &exact)
    finally:
        free(data)
    return mass if exact else _math_fsum(values)


cdef double _article_fsum(const double* values, Py_ssize_t n, bint* exact) noexcept:
    # math.fsum of n finite values, step by step as CPython's math_fsum (Shewchuk's
    # partials, then the half-even fix across them), so the result is the same double.
    # Sets exact to False (result 0.0) where math.fsum would take another path: a value
    # or partial that is not finite (inf, NaN, an intermediate overflow), or more
    # partials than fit here (a finite sum needs at most about 40).
    cdef double partials[_ARTICLE_PARTIALS]
    cdef double x, y, t, hi, yr, lo = 0.0
    cdef Py_ssize_t k, i, j, count = 0
    for k in range(n):
        x = values[k]
        if not _isfinite(x):
            exact[0] = False
            return 0.0
        i = 0
        for j in range(count):
            y = partials[j]
            if fabs(x) < fabs(y):
                t = x
                x = y
                y = t
            hi = x + y
            yr = hi - x
            lo = y - yr
            if lo != 0.0:
                partials[i] = lo
                i += 1
            x = hi
        count = i
        if x != 0.0:
            if not _isfinite(x) or count >= _ARTICLE_PARTIALS:
                exact[0] = False
                return 0.0
            partials[count] = x
            count += 1
    hi = 0.0
    if count > 0:
        count -= 1
        hi = partials[count]
        while count > 0:
            x = hi
            count -= 1
            y = partials[count]
            hi = x + y
            yr = hi - x
            lo = y - yr
            if lo != 0.0:
                break
        if count > 0 and ((lo < 0.0 and partials[count - 1] < 0.0) or (
            lo > 0.0 and partials[count - 1] > 0.0
        )):
            y = lo * 2.0
            x = hi + y
            yr = x - hi
            if y == yr:
                hi = x
    return hi


# Not copied or pickled: a copy would share the arrays (those of the characters folded
# to several among them) but not the count that goes with them, and give wrong words.
@cython.auto_pickle(False)
cdef class Triggers:
    """Words and their bits, found in a text in one pass: an Aho-Corasick automaton over
    the classes of the words' characters (every other character is class 0, which no word
    holds), its transitions in one table (``classes`` columns a state), each state with
    the bits of every word that ends there (itself or as a suffix), in limbs. So the
    result is exactly that of ``word in text`` for each word.

    With ``fold``, the text is read as its case folding (``str.casefold``, which folds
    each character on its own) with every decimal digit read as ``"0"``: a character's
    class is that of its folding, and one that folds to several characters (``"ß"`` to
    ``"ss"``) steps through each of theirs. So the result is that of ``word in
    newsclean._kernel_py.folded(text)``, without the folded text made."""

    # Every array is C-contiguous (numpy makes them so below), declared so: the walk reads
    # them without the stride arithmetic of a general memoryview.
    cdef Py_ssize_t classes  # character classes, class 0 included
    cdef bint fold  # read the text as its case folding
    cdef unsigned short[::1] bmp  # class of each code point below 0x10000 (see multi)
    cdef dict astral  # class of each character above (those of the words)
    # state * classes + class -> next state, or ~next state (negative) where words end
    cdef int[::1] delta
    cdef Py_ssize_t[::1] starts  # per state: its first (limb, mask) pair; one more at the end
    cdef Py_ssize_t[::1] limbs  # of each pair: which limb
    cdef unsigned long long[::1] masks  # ... and its bits there
    cdef unsigned long long[::1] found  # the bits found in the current text, lowest first
    # With fold, each code point's class is found when it is first read (bmp holds
    # _UNSEEN until then): bmp[code] = classes + k for a character that folds to several,
    # multi[4k] is how many, multi[4k + 1 ...] their classes (_FOLDS of them at most; a
    # character met after those is _SLOW, folded at each sight).
    cdef unsigned short[::1] multi
    cdef Py_ssize_t multi_count
    cdef dict class_of  # character -> class
    # With fold, the class of "0" (every decimal digit folds to it), or -1: a walk tells
    # whether the text held a decimal digit while no other character has been found to
    # fold to it (g_digit_exact, checked as each character's class is found).
    cdef Py_ssize_t g_digit_class
    cdef bint g_digit_exact

    def __init__(self, dict table, bint fold=False):
        cdef Py_ssize_t states, classes, state, node, klass, child, head, tail = 0, k, fail_row
        cdef int[::1] trie, delta, fail, queue
        words = {word: value for word, value in table.items() if word}
        chars = sorted({char for word in words for char in word})
        if len(chars) >= 65535:
            raise ValueError("make_triggers: too many distinct characters")
        class_of = {char: number + 1 for number, char in enumerate(chars)}
        classes = len(chars) + 1
        self.classes = classes
        self.fold = fold
        self.class_of = class_of
        self.g_digit_class = class_of.get("0", -1) if fold else -1
        self.g_digit_exact = True
        self.astral = {}
        self.multi = np.zeros(4 * _FOLDS, dtype=np.uint16)
        self.multi_count = 0
        if fold:
            if classes + _FOLDS >= _SLOW:
                raise ValueError("make_triggers: too many distinct characters")
            self.bmp = np.full(65536, _UNSEEN, dtype=np.uint16)
        else:
            self.bmp = np.zeros(65536, dtype=np.uint16)
        for char, klass in class_of.items():
            if ord(char) >= 65536:
                self.astral[char] = klass
            elif not fold:
                self.bmp[ord(char)] = klass
        # The trie of the words: state -> class -> child (-1: none), and each state's bits.
        edges: dict = {}
        bits = [0]
        for word, value in words.items():
            node = 0
            for char in word:
                key = node * classes + class_of[char]
                child = edges.get(key, -1)
                if child < 0:
                    child = edges[key] = len(bits)
                    bits.append(0)
                node = child
            bits[node] |= value
        states = len(bits)
        trie_array = np.full(states * classes, -1, dtype=np.intc)
        for key, child in edges.items():
            trie_array[key] = child
        trie = trie_array
        delta_array = np.zeros(states * classes, dtype=np.intc)
        delta = delta_array
        fail = np.zeros(states, dtype=np.intc)
        queue = np.zeros(states, dtype=np.intc)
        # Breadth first: a state's failure (its longest proper suffix that is a state) is
        # shallower, so it is complete when the state is reached.
        for klass in range(1, classes):
            child = trie[klass]
            if child >= 0:
                delta[klass] = child
                queue[tail] = child
                tail += 1
        head = 0
        order = []
        while head < tail:
            node = queue[head]
            head += 1
            fail_row = fail[node] * classes
            for klass in range(1, classes):
                child = trie[node * classes + klass]
                if child < 0:
                    delta[node * classes + klass] = delta[fail_row + klass]
                else:
                    fail[child] = delta[fail_row + klass]
                    delta[node * classes + klass] = child
                    queue[tail] = child
                    tail += 1
        for k in range(tail):
            node = queue[k]
            bits[node] |= bits[fail[node]]
        # States renumbered breadth first: the shallow ones, where a walk mostly is, share
        # the first rows of the table. A transition into a state where words end is stored
        # as ~state: the walk reads the state's words only then.
        cdef int[::1] rank = np.zeros(states, dtype=np.intc)
        for k in range(tail):
            rank[queue[k]] = k + 1
        renumbered_bits = [0] * states
        for node in range(states):
            renumbered_bits[rank[node]] = bits[node]
        final = np.zeros(states * classes, dtype=np.intc)
        cdef int[::1] renumbered = final
        for node in range(states):
            state = rank[node]
            for klass in range(classes):
                child = rank[delta[node * classes + klass]]
                renumbered[state * classes + klass] = ~child if renumbered_bits[child] else child
        bits = renumbered_bits
        self.delta = final
        width = max([(value.bit_length() + 63) // 64 for value in bits] or [1]) or 1
        self.found = np.zeros(width, dtype=np.uint64)
        starts = [0]
        limbs = []
        masks = []
        for value in bits:
            k = 0
            while value:
                if value & 0xFFFFFFFFFFFFFFFF:
                    limbs.append(k)
                    masks.append(value & 0xFFFFFFFFFFFFFFFF)
                value >>= 64
                k += 1
            starts.append(len(limbs))
        self.starts = np.array(starts, dtype=np.intp)
        self.limbs = np.array(limbs, dtype=np.intp).reshape(-1)
        self.masks = np.array(masks, dtype=np.uint64).reshape(-1)


cdef enum:
    _UNSEEN = 0xFFFF  # Triggers.bmp with fold: the class of the code point not found yet
    _SLOW = 0xFFFE  # ... a character that folds to several, met after _FOLDS others
    _FOLDS = 1024  # characters that fold to several a table keeps (the BMP has ~100)


from cpython.unicode cimport Py_UNICODE_ISDECIMAL


cdef Py_ssize_t _fold_class(Triggers table, Py_UCS4 code) except -1:
    # The class of a code point below U+10000 in a folding table, found and kept in bmp:
    # that of its folding, or classes + k for a folding of several characters (0 when no
    # word holds any of them: class 0 steps to the root, once or more, finding nothing).
    cdef str folded = _folded(chr(code))
    cdef Py_ssize_t klass, k, j
    if len(folded) == 1:
        klass = table.class_of.get(folded, 0)
    elif not any(char in table.class_of for char in folded):
        klass = 0
    elif len(folded) <= 3 and table.multi_count < _FOLDS:
        k = table.multi_count
        table.multi[4 * k] = len(folded)
        for j in range(len(folded)):
            table.multi[4 * k + 1 + j] = table.class_of[folded[j]] if folded[j] in table.class_of else 0
        table.multi_count += 1
        klass = table.classes + k
    else:
        klass = _SLOW
    if (klass == table.g_digit_class) != Py_UNICODE_ISDECIMAL(code):
        table.g_digit_exact = False  # never, in the Unicode of Python 3.11 to 3.13
    table.bmp[code] = klass
    return klass


cdef str _folded(str text):
    # The case folding of ``text``, each decimal digit of it read as "0" (see Triggers).
    folded = text.casefold()
    if not any(char.isdecimal() for char in folded):
        return folded
    return "".join(["0" if char.isdecimal() else char for char in folded])


cdef object _from_bytes = int.from_bytes


cdef inline unsigned long long _little(unsigned long long value) noexcept:
    # The bytes of ``value`` in little-endian order, whatever the machine's order.
    cdef unsigned long long out = 0
    cdef unsigned char* bytes_ = <unsigned char*> &out
    cdef int k
    for k in range(8):
        bytes_[k] = (value >> (8 * k)) & 0xFF
    return out


def make_triggers(dict words):
    """The table :func:`trigger_mask` takes: word -> bits (see there)."""
    return Triggers(words)


def trigger_mask(str text, Triggers table):
    """The bits of every word of ``table`` (:func:`make_triggers`) that occurs in ``text``,
    or-ed together."""
    cdef Py_ssize_t width = table.found.shape[0], limb
    cdef unsigned long long* found = &table.found[0]
    if not _trigger_find(text, table, found):
        return 0
    # Little-endian limbs, as int.from_bytes reads them on any machine.
    for limb in range(width):
        found[limb] = _little(found[limb])
    return _from_bytes(PyBytes_FromStringAndSize(<char*> found, width * 8), "little")


cdef bint _trigger_find(
    str text, Triggers table, unsigned long long* found, bint* digit=NULL
) except -1:
    # The bits of the words of ``table`` in ``text``, into ``found`` (its width): whether any.
    # With ``digit``: whether a character of the class of "0" was read (see Triggers).
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    memset(found, 0, table.found.shape[0] * sizeof(unsigned long long))
    if kind == PyUnicode_1BYTE_KIND:
        return _trigger_walk[_ucs1](<_ucs1*> data, length, table, found, digit)
    elif kind == PyUnicode_2BYTE_KIND:
        return _trigger_walk[_ucs2](<_ucs2*> data, length, table, found, digit)
    return _trigger_walk[_ucs4](<_ucs4*> data, length, table, found, digit)


cdef inline void _trigger_words(
    Triggers table, int state, unsigned long long* found
) noexcept:
    # The bits of the words that end in ``state`` into ``found``.
    cdef const Py_ssize_t* starts = &table.starts[0]
    cdef const Py_ssize_t* limbs = &table.limbs[0]
    cdef const unsigned long long* masks = &table.masks[0]
    cdef Py_ssize_t pair = starts[state], end = starts[state + 1]
    while pair < end:
        found[limbs[pair]] |= masks[pair]
        pair += 1


cdef int _trigger_steps(str text, Triggers table, int state, unsigned long long* found) except? -1:
    # The walk from ``state`` over ``text``, as it is (the folding of a character): the
    # state it ends in, as ~state when a word ended on the way.
    cdef bint any_found = False
    cdef PyObject* value
    cdef Py_ssize_t klass
    for char in text:
        value = PyDict_GetItem(table.class_of, char)
        klass = <Py_ssize_t> <object> value if value != NULL else 0
        state = table.delta[state * table.classes + klass]
        if state < 0:
            state = ~state
            any_found = True
            _trigger_words(table, state, found)
    return ~state if any_found else state


cdef bint _trigger_walk(
    _ucs_t* data, Py_ssize_t length, Triggers table, unsigned long long* found, bint* digit
) except -1:
    # The walk of trigger_mask over a string of one width: whether any word was found.
    cdef Py_ssize_t i, k, classes = table.classes, digit_class = table.g_digit_class
    cdef bint saw_digit = False
    cdef int state = 0
    cdef Py_UCS4 code
    cdef Py_ssize_t klass
    cdef bint any_found = False
    cdef const unsigned short* bmp = &table.bmp[0]
    cdef const unsigned short* multi = &table.multi[0]
    cdef const int* delta = &table.delta[0]
    # The words that end in a state, read here rather than through _trigger_words: a
    # word ends every few characters (".", "in", "de"), and a call each time cost a
    # third of the walk.
    cdef const Py_ssize_t* starts = &table.starts[0]
    cdef const Py_ssize_t* limbs = &table.limbs[0] if table.limbs.shape[0] else NULL
    cdef const unsigned long long* masks = &table.masks[0] if table.masks.shape[0] else NULL
    cdef Py_ssize_t pair, end
    cdef PyObject* value
    cdef object char
    for i in range(length):
        code = data[i]
        if _ucs_t is _ucs4 and code >= 65536:
            klass = 0
            if table.astral or table.fold:
                char = code  # a str of one character
                if table.fold and _folded(char) != char:
                    klass = _SLOW
                else:
                    value = PyDict_GetItem(table.astral, char)
                    if value != NULL:
                        klass = <Py_ssize_t> <object> value
        else:
            klass = bmp[code]
            if klass == _UNSEEN:  # with fold: its class not found yet
                klass = _fold_class(table, code)
        saw_digit |= klass == digit_class
        if klass < classes:
            state = delta[state * classes + klass]
            if state < 0:
                state = ~state
                any_found = True
                pair = starts[state]
                end = starts[state + 1]
                while pair < end:
                    found[limbs[pair]] |= masks[pair]
                    pair += 1
        elif klass == _SLOW:  # its folding, walked as it is
            char = code
            state = _trigger_steps(_folded(char), table, state, found)
            if state < 0:
                state = ~state
                any_found = True
        else:  # a character that folds to several
            k = 4 * (klass - classes)
            for klass in range(multi[k]):
                state = delta[state * classes + multi[k + 1 + klass]]
                if state < 0:
                    state = ~state
                    any_found = True
                    _trigger_words(table, state, found)
    if digit != NULL:
        digit[0] = saw_digit
    return any_found


import unicodedata

import xxhash

from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize, PyBytes_GET_SIZE
from cpython.ref cimport Py_INCREF
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdlib cimport realloc
from libc.string cimport memset

cdef object _normalize = unicodedata.normalize
cdef object _xxh3 = xxhash.xxh3_64_intdigest

# The C function behind xxhash.xxh3_64_intdigest (XXH3_64bits, exported by the xxhash
# module's own library), so that a line's key is hashed straight from the bytes of its
# normal form: no bytes object, no Python call. Found through ctypes; NULL (the Python
# call, then) where the library does not export it or gives other hashes than the module.
ctypedef unsigned long long (*_prepare_xxh3_fn)(const void*, size_t) noexcept nogil
cdef _prepare_xxh3_fn _prepare_xxh3 = NULL


def _prepare_xxh3_address():
    """The address of XXH3_64bits in the xxhash module's library, or 0."""
    try:
        import ctypes
        from xxhash import _xxhash

        library = ctypes.CDLL(_xxhash.__file__)
        return ctypes.cast(library.XXH3_64bits, ctypes.c_void_p).value or 0
    except (ImportError, AttributeError, OSError):  # pragma: no cover - another build
        return 0


cdef _prepare_xxh3_fn _prepare_xxh3_checked(size_t address):
    """The function at ``address`` if it gives the module's hashes, else NULL."""
    if not address:
        return NULL  # pragma: no cover - another build
    cdef _prepare_xxh3_fn function = <_prepare_xxh3_fn> address
    cdef bytes sample
    for sample in [b"", b"a", b"teilen", b"x" * 17, bytes(range(256)) * 3, "über".encode()]:
        if function(<const char*> sample, len(sample)) != _xxh3(sample):
            return NULL  # pragma: no cover - not the same function
    return function


_prepare_xxh3 = _prepare_xxh3_checked(_prepare_xxh3_address())


cdef inline object _prepare_key(const char* data, Py_ssize_t size):
    """The key of a normal form given as ``size`` bytes of UTF-8 (not empty): its xxh3,
    or 1 where that is 0."""
    cdef unsigned long long hashed
    if _prepare_xxh3 != NULL:
        hashed = _prepare_xxh3(data, <size_t> size)
        return hashed if hashed else 1
    return _xxh3(PyBytes_FromStringAndSize(data, size)) or 1


def _prepare_hash_native():
    """Whether line keys are hashed by calling xxhash's C function directly."""
    return _prepare_xxh3 != NULL

# ASCII folded as in a normal form: letters to lower case, digits to "0", everything else
# to a space; 0 for the line break, which only the reference handles.
cdef unsigned char _ascii_fold[128]
for _code in range(128):
    _ascii_fold[_code] = (
        0 if _code == 10
        else (_code | 0x20) if chr(_code).isalpha()
        else 0x30 if chr(_code).isdigit()
        else 0x20
    )

# The folded form (UTF-8) of each code point below 0x10000 met so far: fold(char).encode().
cdef PyObject* _folds[65536]
# The same, packed for the fold loop: the UTF-8 bytes from bit 8 on (the first lowest),
# their count in bits 0-6, bit 7 set once known; 0 while unknown or longer than 7 bytes.
cdef unsigned long long _fold_packed[65536]


cdef object _fold_of(Py_UCS4 code, object fold):
    cdef object folded
    cdef const char* chars
    cdef Py_ssize_t n, j
    cdef unsigned long long packed
    if code < 65536 and _folds[code] != NULL:
        return <object> _folds[code]
    folded = (<str> fold(chr(code))).encode("utf-8")
    if code < 65536:
        Py_INCREF(folded)  # kept for the life of the process: at most 65536 short strings
        _folds[code] = <PyObject*> folded
        n = PyBytes_GET_SIZE(folded)
        if n <= 7:
            chars = PyBytes_AS_STRING(folded)
            packed = 0x80 | <unsigned long long> n
            for j in range(n):
                packed |= (<unsigned long long> <unsigned char> chars[j]) << (8 * (j + 1))
            _fold_packed[code] = packed
    return folded


cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object text)
    PyTypeObject PyTuple_Type


cdef char* _room(char** buffer, Py_ssize_t* size, Py_ssize_t need) except NULL:
    """``buffer``, grown to at least ``need`` bytes."""
    cdef char* grown
    if need > size[0]:
        grown = <char*> realloc(buffer[0], 2 * need)
        if grown == NULL:
            raise MemoryError()
        buffer[0] = grown
        size[0] = 2 * need
    return buffer[0]


cdef struct _Form:
    char* buffer  # the form's UTF-8 (malloc'd, grown as needed)
    Py_ssize_t size  # the buffer's size
    unsigned char high  # its largest byte (below 0x80: ASCII; to 0xC3: Latin-1 at most)
    Py_ssize_t leads  # its bytes that start a character of two bytes or more


# The fold loop's eight bytes at a time: on a little-endian machine only (the first
# character in the lowest bits).
cdef bint _fold_little = _lexicon_byteorder == "little"


cdef inline int _fold_run1(
    unsigned long long lanes, unsigned char last, unsigned long long* folded
) noexcept:
    # Of eight one-byte characters (the first lowest): how many, from the first, are
    # ASCII letters or spaces (a NUL, which folds to a space, counts as one) with no space
    # after a space (``last``: the byte written before). Their folding (each with bit 0x20
    # set) into ``folded``.
    cdef unsigned long long high = 0x8080808080808080ULL
    cdef unsigned long long lower = lanes | 0x2020202020202020ULL
    # Per byte below 0x80 (no carry between bytes): bit 7 of x + (0x80 - a) is set where
    # x >= a; "a" to "z" and the space (0x20) are the bytes kept. A byte at or above 0x80
    # may carry into the bytes above it, never below: the count stops before it.
    cdef unsigned long long letters = (
        (lower + 0x1F1F1F1F1F1F1F1FULL) & ~(lower + 0x0505050505050505ULL)
    )
    cdef unsigned long long spaces = (
        (lower + 0x6060606060606060ULL) & ~(lower + 0x5F5F5F5F5F5F5F5FULL) & high
    )
    cdef unsigned long long bad = (~(letters | spaces) | lanes) & high
    bad |= spaces & ((spaces << 8) | (0x80ULL if last == 0x20 else 0ULL))
    folded[0] = lower
    if not bad:
        return 8
    return _lexicon_ctz(bad) >> 3


cdef inline int _fold_run2(
    unsigned long long lanes, unsigned char last, unsigned long long* folded
) noexcept:
    # _fold_run1 for four characters of two bytes: their folding as four bytes.
    cdef unsigned long long high = 0x0080008000800080ULL
    cdef unsigned long long lower = lanes | 0x0020002000200020ULL
    cdef unsigned long long letters = (
        (lower + 0x001F001F001F001FULL) & ~(lower + 0x0005000500050005ULL)
    )
    cdef unsigned long long spaces = (
        (lower + 0x0060006000600060ULL) & ~(lower + 0x005F005F005F005FULL) & high
    )
    cdef unsigned long long bad = (~(letters | spaces) & high) | (lanes & 0xFF80FF80FF80FF80ULL)
    bad |= spaces & ((spaces << 16) | (0x80ULL if last == 0x20 else 0ULL))
    # the low byte of each lane, packed
    lower = (lower | (lower >> 8)) & 0x0000FFFF0000FFFFULL
    folded[0] = (lower | (lower >> 16)) & 0xFFFFFFFFULL
    if not bad:
        return 4
    return _lexicon_ctz(bad) >> 4


cdef Py_ssize_t _fold_line(str text, object fold, _Form* form, bint plain) except -2:
    """The normal form of ``text`` as UTF-8 in ``form``; its length, or -1 where only the
    reference can tell (a line break, a lone surrogate). The text is NFKC already or,
    with ``plain``, is taken to be while its characters are ASCII or of ``_nfkc_plain``:
    -3 at the first that is not."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    # One loop per storage width, so the compiler reads each character without a switch.
    if kind == PyUnicode_1BYTE_KIND:
        return _fold_chars[_ucs1](<_ucs1*> data, len(text), fold, form, plain)
    if kind == PyUnicode_2BYTE_KIND:
        return _fold_chars[_ucs2](<_ucs2*> data, len(text), fold, form, plain)
    return _fold_chars[_ucs4](<_ucs4*> data, len(text), fold, form, plain)


cdef Py_ssize_t _fold_chars(
    _ucs_t* data, Py_ssize_t length, object fold, _Form* form, bint plain
) except -2:
    cdef Py_ssize_t i, j, n, used = 0, leads = 0
    cdef Py_UCS4 code
    # ``last``: the byte put before (a space at the start: none goes out first)
    cdef unsigned char byte, top = 0, last = 0x20
    cdef unsigned long long packed
    cdef bytes folded
    cdef const char* chars
    cdef char* out
    cdef unsigned long long lanes, folded_lanes
    cdef Py_ssize_t run
    # Room for every ASCII character and a space before it (a bound), and eight bytes
    # more: the fast path below writes eight bytes at a time, however few are left. The
    # room left stays at least twice the characters left plus eight (each step moves
    # ``used`` on by at most the characters it reads; a character beyond ASCII asks again).
    out = _room(&form.buffer, &form.size, 2 * length + 8)
    i = 0
    while i < length:
        code = data[i]
        if code < 128:
            byte = _ascii_fold[code]
            if byte >= 0x61 and _fold_little and (
                (_ucs_t is _ucs1 and length >= 8) or (_ucs_t is _ucs2 and length >= 4)
            ):
                # From a letter on, ASCII letters and single spaces (most of a
                # line) go eight characters at a time (four of two bytes): each folds to
                # itself with bit 0x20 set, and none collapses. Those before the first
                # other character (or a space after a space) are written at once, that
                # one in the loop. The last ones are read with those before them (from
                # the end of the string, none past it): the lanes past the end read as
                # NUL, which folds to a space, and ``run`` is cut to the characters left,
                # so none of them counts. The room left is at least eight bytes (see the
                # first _room), so the eight written fit.
                if _ucs_t is _ucs1:
                    if i + 8 <= length:
                        lanes = _lexicon_load8(data + i)
                    else:
                        lanes = _lexicon_load8(data + length - 8) >> (8 * (i + 8 - length))
                    run = _fold_run1(lanes, last, &folded_lanes)
                else:
                    if i + 4 <= length:
                        lanes = _lexicon_load8(data + i)
                    else:
                        lanes = _lexicon_load8(data + length - 4) >> (16 * (i + 4 - length))
                    run = _fold_run2(lanes, last, &folded_lanes)
                if run > length - i:
                    run = length - i
                # (at least the letter)
                memcpy(out + used, &folded_lanes, 8)
                used += run
                last = <unsigned char> (folded_lanes >> (8 * (run - 1)))
                i += run
                continue
            if byte == 0:
                return -1
            # Separators (a space) collapse to one, none at the start or end: each byte
            # is written at the end, which moves on past it unless it is a space after a
            # space (a dependency on the byte before alone, not on the end: no branch).
            out[used] = <char> byte
            used += (byte != 0x20) | (last != 0x20)
            last = byte
            i += 1
            continue
        i += 1
        if plain and (code >= _PLAIN_END or not _nfkc_plain[code]):
            return -3
        if 0xD800 <= code <= 0xDFFF:
            return -1
        packed = _fold_packed[code] if code < 65536 else 0
        if packed == 0:
            folded = _fold_of(code, fold)
            packed = _fold_packed[code] if code < 65536 else 0
        if packed != 0:
            n = packed & 0x7F
            packed >>= 8
            chars = NULL
        else:  # longer than 7 bytes, or beyond U+FFFF
            chars = PyBytes_AS_STRING(folded)
            n = PyBytes_GET_SIZE(folded)
        out = _room(&form.buffer, &form.size, used + 2 * n + 2 * (length - i + 1) + 8)
        for j in range(n):
            if chars == NULL:
                byte = <unsigned char> (packed & 0xFF)
                packed >>= 8
            else:
                byte = <unsigned char> chars[j]
            if byte == 0x0A:
                return -1
            out[used] = <char> byte
            used += (byte != 0x20) | (last != 0x20)
            last = byte
            leads += byte >= 0xC0
            if byte > top:
                top = byte
    form.high = top
    form.leads = leads
    # a trailing space went out after a byte that is not one (if any did): dropped
    return used - 1 if last == 0x20 and used > 0 else used


from newsclean._kernel_py import BROKEN, CLEANUP, MOJIBAKE_CONTINUATION, MOJIBAKE_LATER

cdef enum:
    C_CLEANUP = 1
    C_BROKEN = 2

if (CLEANUP, BROKEN) != (C_CLEANUP, C_BROKEN):
    raise ImportError("newsclean._kernel is out of step with newsclean._kernel_py")

def _class_members(str body):
    # The characters of a regex class body of characters and ranges (the twin's), all
    # below U+10000 (the kernel's table).
    cdef list chars = list(body)
    cdef Py_ssize_t k = 0
    members = set()
    while k < len(chars):
        if k + 2 < len(chars) and chars[k + 1] == "-":
            first, last = ord(chars[k]), ord(chars[k + 2])
            k += 3
        else:
            first = last = ord(chars[k])
            k += 1
        if last >= 0x10000:
            raise ImportError("a mojibake character beyond the kernel's table")
        members.update(range(first, last + 1))
    return members


# The mojibake continuation characters, and those that may stand for a later byte of a
# sequence of three or four, read from the twin's classes.
_CONTINUATION = _class_members(MOJIBAKE_CONTINUATION)
_LATER = _class_members(MOJIBAKE_LATER)


def text_marks(str text):
    """Whether ``text`` holds a character prepare() cleans up, and a mojibake signature:
    see ``newsclean._kernel_py.text_marks``."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    if kind == PyUnicode_1BYTE_KIND:
        return _text_marks[_ucs1](<_ucs1*> data, len(text), len(text))
    if kind == PyUnicode_2BYTE_KIND:
        return _text_marks_ucs2(<_ucs2*> data, len(text))
    return _text_marks[_ucs4](<_ucs4*> data, len(text), len(text))


# What text_marks looks for, by character below U+10000 (none beyond counts): 1 a
# character the clean-up changes, 2 a C1 control, 4 a lead of a mojibake pair (U+00C2 to
# U+00DF), 8 a continuation (a character a continuation byte decodes to), 16 a lead of a
# sequence of three or four (U+00E0 to U+00F4), 32 one of four (U+00F0 to U+00F4), 64 a
# character of MOJIBAKE_LATER, 128 a continuation other than a soft hyphen and a no-break
# space (a pair with a lead of three or four as it is: see
# newsclean._kernel_py.MOJIBAKE_SIGNATURES).
cdef unsigned char _mark_class[65536]


def _fill_mark_class():
    cdef Py_ssize_t code
    for code in range(65536):
        _mark_class[code] = (
            (C_CLEANUP if (
                (code < 0x20 and code != 0x09 and code != 0x0A)
                or code == 0x7F or code == 0x85
                or code == 0x2028 or code == 0x2029 or code == 0xFEFF
                or 0xD800 <= code <= 0xDFFF
            ) else 0)
            | (C_BROKEN if 0x80 <= code <= 0x9F else 0)
            | (4 if 0xC2 <= code <= 0xDF else 0)
            | (8 if code in _CONTINUATION else 0)
            | (16 if 0xE0 <= code <= 0xF4 else 0)
            | (32 if 0xF0 <= code <= 0xF4 else 0)
            | (64 if code in _LATER else 0)
            | (128 if code in _CONTINUATION and code != 0xA0 and code != 0xAD else 0)
        )


_fill_mark_class()


cdef extern from "Python.h":
    object PyUnicode_FromKindAndData(int kind, const void* buffer, Py_ssize_t size)


cdef inline void _put_char(int kind, void* out, Py_ssize_t at, Py_UCS4 code) noexcept:
    # Write ``code`` at ``at`` of a buffer of ``kind``-byte code units.
    if kind == PyUnicode_1BYTE_KIND:
        (<_ucs1*> out)[at] = <_ucs1> code
    elif kind == PyUnicode_2BYTE_KIND:
        (<_ucs2*> out)[at] = <_ucs2> code
    else:
        (<_ucs4*> out)[at] = code


def cleaned_text(str text):
    """``text`` cleaned up as prepare() does it, in one pass: see
    ``newsclean._kernel_py.cleaned_text``."""
    cdef Py_ssize_t n = len(text), i = 0, m = 0
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 code
    # Written at the text's own width: every character written is one of the text's, a
    # line feed or U+FFFD for a lone surrogate (which only a text of two bytes or more
    # holds), so each fits.
    cdef void* out = malloc((n + 1) * kind)
    if out == NULL:
        raise MemoryError()
    try:
        while i < n:
            code = PyUnicode_READ(kind, data, i)
            i += 1
            if code == 0x0D:  # "\r\n" or "\r"
                if i < n and PyUnicode_READ(kind, data, i) == 0x0A:
                    i += 1
                _put_char(kind, out, m, 0x0A)
                m += 1
            elif (
                code == 0x0B or code == 0x0C or 0x1C <= code <= 0x1E
                or code == 0x85 or code == 0x2028 or code == 0x2029
            ):
                _put_char(kind, out, m, 0x0A)
                m += 1
            elif code <= 0x08 or 0x0E <= code <= 0x1F or code == 0x7F or code == 0xFEFF:
                continue
            elif 0xD800 <= code <= 0xDFFF:
                _put_char(kind, out, m, 0xFFFD)
                m += 1
            else:
                _put_char(kind, out, m, code)
                m += 1
        # (made at the width its characters need, which may be narrower)
        return PyUnicode_FromKindAndData(kind, out, m)
    finally:
        free(out)


cdef inline unsigned int _later_mark(_ucs_t* data, Py_ssize_t i) noexcept:
    # The class of the character at i (of MOJIBAKE_LATER: 64).
    cdef Py_UCS4 code = data[i]
    if _ucs_t is _ucs4:
        return _mark_class[code] if code < 65536 else 0
    else:
        return _mark_class[code]


cdef int _long_sequence(_ucs_t* data, Py_ssize_t i, Py_ssize_t limit) noexcept:
    # C_BROKEN when the character at i is a continuation after a lead of three bytes or
    # four (classes 16, 32) and followed by one or two characters of MOJIBAKE_LATER (read
    # up to limit).
    cdef Py_ssize_t need
    if i == 0 or not _later_mark(data, i) & 8 or not _later_mark(data, i - 1) & 16:
        return 0
    need = 2 if _later_mark(data, i - 1) & 32 else 1
    if i + need >= limit:
        return 0
    if not _later_mark(data, i + 1) & 64:
        return 0
    if need == 2 and not _later_mark(data, i + 2) & 64:
        return 0
    return C_BROKEN


cdef int _text_marks(_ucs_t* data, Py_ssize_t n, Py_ssize_t limit) noexcept:
    # text_marks over the first n characters of a string of one width (of limit that may
    # be read), by a table and without branches on the character (a continuation after a
    # lead of two bytes is a mojibake pair; after a lead of three or four, a rare pair, the
    # block is read again for the characters after it), in blocks: it stops after the
    # block where it has found both.
    cdef Py_ssize_t i, start, end
    cdef unsigned int marks = 0, mark, before = 0, longs
    cdef Py_UCS4 code
    for start in range(0, n, 256):
        end = start + 256 if start + 256 < n else n
        longs = 0
        for i in range(start, end):
            code = data[i]
            if _ucs_t is _ucs4:
                mark = _mark_class[code] if code < 65536 else 0
            else:
                mark = _mark_class[code]
            marks |= mark & (C_CLEANUP | C_BROKEN)
            marks |= ((mark & (before << 1)) >> 2) & C_BROKEN  # 8 after 4: a pair
            marks |= ((mark & (before << 3)) >> 6) & C_BROKEN  # 128 after 16: a pair
            longs |= mark & (before >> 1)  # 8 after 16
            before = mark
        if longs & 8 and not marks & C_BROKEN:
            for i in range(start, end):
                marks |= _long_sequence(data, i, limit)
        if marks == C_CLEANUP | C_BROKEN:
            break
    return marks


cdef int _text_marks_ucs2(_ucs2* data, Py_ssize_t n) noexcept:
    # _text_marks of a string of two-byte characters (most pages), eight or four
    # characters at a time while they are printable ASCII (U+0020 to U+007E: of no class,
    # so nothing to find and none to pair with): a character x is when x + 0x60 is 0x80 to
    # 0xFF and x + 1 is below 0x80, tested on four at once in a 64-bit word (a carry out
    # of a character's 16 bits comes only from one that fails a test). Else _text_marks
    # reads them, from the character before them.
    cdef Py_ssize_t i = 0, end
    cdef unsigned int marks = 0
    cdef unsigned long long v, w
    while i < n:
        if i + 8 <= n:
            memcpy(&v, data + i, 8)
            memcpy(&w, data + i + 4, 8)
            if (
                ((v + 0x0060006000600060ULL) ^ 0x0080008000800080ULL)
                | ((w + 0x0060006000600060ULL) ^ 0x0080008000800080ULL)
                | (v + 0x0001000100010001ULL)
                | (w + 0x0001000100010001ULL)
            ) & 0xFF80FF80FF80FF80ULL == 0:
                i += 8
                continue
        end = i + 4
        if end <= n:
            memcpy(&v, data + i, 8)
            if (
                (v + 0x0060006000600060ULL) & 0xFF80FF80FF80FF80ULL
            ) == 0x0080008000800080ULL and (
                (v + 0x0001000100010001ULL) & 0xFF80FF80FF80FF80ULL
            ) == 0:
                i = end
                continue
        else:
            end = n
        # one by one, from the character before (a pair's first, if it is one)
        marks |= _text_marks[_ucs2](
            data + i - 1 if i else data, end - i + 1 if i else end, n - i + 1 if i else n
        )
        if marks == C_CLEANUP | C_BROKEN:
            break
        i = end
    return marks


# The characters below U+20D0 whose lines need no NFKC check: a line of ASCII and these
# characters is NFKC, or its normal form is that of the line as it is (normal_forms folds
# it as it is, _fold_chars telling when a character is not one of them). 1 for
# a character NFKC leaves alone, of combining class 0, in the ranges where no character
# combines with the one before it (Latin to U+02FF; punctuation, super- and subscripts,
# currency signs): a line of such characters and ASCII is NFKC (its quick check says
# yes). 2 for a separator whose NFKC form is ASCII punctuation or space (a no-break
# space, an ellipsis): decomposition maps each character on its own, and both it and its
# form are starters, so NFKC of the line equals NFKC of the line with its form put in,
# which is that line (all 1 or ASCII); and the normal form folds the character and its
# form alike, to a separator run. 0 for every other character.
cdef enum:
    _PLAIN_END = 0x20D0

cdef unsigned char _nfkc_plain[_PLAIN_END]


def _nfkc_class(code: int) -> int:
    """What ``_nfkc_plain`` holds for a non-ASCII character below U+20D0."""
    char = chr(code)
    if not (0x80 <= code < 0x300 or 0x2000 <= code < _PLAIN_END):
        return 0
    if unicodedata.combining(char):
        return 0
    if _normalize("NFKC", char) == char:
        return 1
    form = _normalize("NFKD", char)
    if (
        form
        and form.isascii()
        and not any(part.isalnum() for part in form)
        and unicodedata.category(char)[0] not in "LMN"
        and char.casefold() == char
    ):
        return 2
    return 0


for _code in range(0x80, _PLAIN_END):
    _nfkc_plain[_code] = _nfkc_class(_code)


def plain_nfkc(str char):
    """What the kernel knows of one character's NFKC without asking (for tests): 0, 1 or
    2 (see ``_nfkc_plain``)."""
    cdef Py_UCS4 code = ord(char)
    return _nfkc_plain[code] if 128 <= code < _PLAIN_END else 0


cdef extern from "Python.h":
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)


cdef str _form_str(_Form* form, Py_ssize_t used):
    """The str of the form's ``used`` bytes of UTF-8, made at its width: ASCII and
    Latin-1 without the general decoder."""
    cdef const char* data = form.buffer
    cdef Py_ssize_t i = 0, k
    cdef unsigned char byte
    cdef str out
    cdef _ucs1* chars
    if form.high < 0x80:
        out = PyUnicode_New(used, 0x7F)
        memcpy(PyUnicode_DATA(out), data, used)
        return out
    if form.high > 0xC3:
        return PyUnicode_DecodeUTF8(data, used, NULL)
    # Two bytes (0xC2 or 0xC3, then a continuation) per character from U+0080 to U+00FF.
    out = PyUnicode_New(used - form.leads, 0xFF)
    chars = <_ucs1*> PyUnicode_DATA(out)
    for k in range(used - form.leads):
        byte = <unsigned char> data[i]
        if byte < 0x80:
            chars[k] = byte
            i += 1
        else:
            chars[k] = ((byte & 0x1F) << 6) | ((<unsigned char> data[i + 1]) & 0x3F)
            i += 2
    return out


def normal_forms(list texts, object fold, object reference):
    """Every line's normal form and key; see ``newsclean._kernel_py.normal_forms``."""
    cdef list norms = [None] * len(texts)
    cdef list keys = [None] * len(texts)
    _normal_forms_into(texts, fold, reference, norms, keys, None)
    return norms, keys


def line_model(list texts, object fold, object reference, type kind not None):
    """A ``Line`` of each text and its key, and every line's normal form, in one pass: see
    ``newsclean._kernel_py.line_model``."""
    cdef list norms = [None] * len(texts)
    cdef list lines = [None] * len(texts)
    _normal_forms_into(texts, fold, reference, norms, lines, kind)
    return lines, norms


cdef int _normal_forms_into(
    list texts, object fold, object reference, list norms, list keys, type kind
) except -1:
    # normal_forms into ``norms`` and ``keys``; with a ``kind``, each line's key is put in
    # a ``kind`` of (index, text, key) in its place (make_lines), not kept on its own: the
    # line is made while its text and key are at hand, with no list of keys in between.
    cdef Py_ssize_t n = len(texts), i, used, length
    cdef _Form form
    cdef str text
    cdef object norm, key
    form.size = 256
    form.buffer = <char*> malloc(form.size)
    if form.buffer == NULL:
        raise MemoryError()
    try:
        for i in range(n):
            text = <str> texts[i]
            length = PyUnicode_GET_LENGTH(text)
            if length == 0:
                norms[i] = ""
                keys[i] = 0 if kind is None else _new_triple(kind, i, text, 0)
                continue
            # Folded as it is while its characters are ASCII or plainly normal (most
            # lines); else its NFKC is folded (normalize gives the line itself where its
            # quick check says it is NFKC; where that cannot tell, normalizing at once
            # does not normalize twice, to check and then to make the form).
            used = _fold_line(text, fold, &form, True)
            if used == -3:
                used = _fold_line(_normalize("NFKC", text), fold, &form, False)
            if used < 0:
                norm = reference(text)
                key = (_xxh3(norm.encode("utf-8", "surrogatepass")) or 1) if norm else 0
            elif used == 0:
                norm = ""
                key = 0
            else:
                norm = _form_str(&form, used)
                key = _prepare_key(form.buffer, used)
            norms[i] = norm
            keys[i] = key if kind is None else _new_triple(kind, i, text, key)
    finally:
        free(form.buffer)
    return 0


from newsclean._kernel_py import (
    KNOWN, LONG, MATCH, MENU, NOTICE, ONE_WORD, PLAIN, ROW, SENTENCE, SIGNED, SYMBOLS, WHOLE,
    signed as _signed,
)

cdef enum:
    C_WHOLE = 1
    C_ROW = 2
    C_SYMBOLS = 3
    C_KNOWN = 4
    C_MATCH = 5
    C_SIGNED = 6
    C_PLAIN = 7
    C_SENTENCE = 1
    C_NOTICE = 2
    C_ONE_WORD = 4
    C_LONG = 8
    C_MENU = 16

if (WHOLE, ROW, SYMBOLS, KNOWN, MATCH, SIGNED, PLAIN, SENTENCE, NOTICE, ONE_WORD, LONG, MENU) != (
    C_WHOLE, C_ROW, C_SYMBOLS, C_KNOWN, C_MATCH, C_SIGNED, C_PLAIN, C_SENTENCE, C_NOTICE,
    C_ONE_WORD, C_LONG, C_MENU
):
    raise ImportError("newsclean._kernel is out of step with newsclean._kernel_py")


cdef inline object _norm_at(object norms, bint is_list, object index):
    # The normal form of the line of ``index``: a list's item read unchecked where it is
    # there (the lines of a prepared document), an IndexError where it is not (a Doc
    # whose lines and normal forms do not go together), never a read past the list.
    cdef Py_ssize_t k
    if is_list:
        k = <Py_ssize_t> index
        if 0 <= k < PyList_GET_SIZE(<list> norms):
            return <object> PyList_GET_ITEM(<list> norms, k)
        raise IndexError(f"no normal form for line {index} ({len(norms)} known)")
    return norms[index]


cdef enum:
    # Limbs of the words found in a line that PatternMatcher keeps on the stack (more: malloc).
    _SMALL_LIMBS = 16


cdef class PatternMatcher


cdef struct _Step:
    # One pattern of a plan: its number, and the words it needs where they are bits of one
    # limb (limb >= 0: the line must hold every bit of mask there; -1: ask _has).
    int number
    int limb
    unsigned long long mask


cdef bytes _plan_bytes(object numbers, Py_ssize_t limit, PatternMatcher matcher):
    # Pattern numbers as a C array of _Step in a bytes object; each must be below ``limit``.
    cdef list items = list(numbers)
    cdef Py_ssize_t n = len(items), i, number, first, count
    cdef bytes out = PyBytes_FromStringAndSize(NULL, n * sizeof(_Step))
    cdef _Step* data = <_Step*> PyBytes_AS_STRING(out)
    for i in range(n):
        number = items[i]
        if number < 0 or number >= limit:
            raise ValueError(f"PatternMatcher: no anchored pattern {number}")
        data[i].number = <int> number
        first = matcher.firsts[number]
        count = matcher.counts[number]
        data[i].limb = -1
        data[i].mask = 0
        if count <= 0:
            data[i].limb = 0  # needs nothing: the mask 0 every line holds
        elif first >= 0 and (first >> 6) == ((first + count - 1) >> 6) and (
            first >> 6
        ) < matcher.width:
            data[i].limb = <int> (first >> 6)
            data[i].mask = (
                (~(<unsigned long long> 0)) >> (64 - count)
            ) << (first & 63)
    return out


cdef class PatternMatcher:
    """What ``newsclean.langdata.PatternSet.match`` says of a line: see
    ``newsclean._kernel_py.PatternMatcher``. The words a line holds are found once (in
    limbs of bits, never a Python int), the patterns a line's first characters allow are
    remembered per prefix, and each pattern's words are checked right before it is tried
    (with one mask where they are bits of one limb, as they mostly are: see _Step). The
    patterns are ``regex`` patterns, called with ``concurrent=False`` (see the twin)."""

    cdef Triggers table
    cdef bint words
    cdef Py_ssize_t anchored_count, floating_count
    cdef list reasons  # of the anchored patterns, in order
    cdef list patterns  # the anchored patterns (each compiled when first tried: see below)
    cdef list fullmatches  # their bound fullmatch methods, None until first needed
    cdef list floating_reasons
    cdef list cores  # the floating patterns' cores
    cdef list searches  # their bound search methods, None until first needed
    cdef Py_ssize_t[::1] lows
    cdef Py_ssize_t[::1] highs
    cdef Py_ssize_t[::1] firsts  # per pattern (anchored, then floating): its first bit
    cdef Py_ssize_t[::1] counts  # ... and how many bits
    cdef object choose
    cdef object alternation
    cdef list pairs  # plan of each prefix of two ASCII characters (128 * first + second),
    # False while it was seen once (see _plan)
    cdef dict plans  # plan of each other prefix
    cdef readonly dict memo
    cdef Py_ssize_t memo_lines, memo_text, memo_plans
    cdef Py_ssize_t width  # limbs of the bits of a line: of the words' and the digits'
    cdef bint has_digits
    cdef unsigned long long[::1] digits  # bits of a line that may hold a digit, in limbs
    cdef bint has_astral
    cdef unsigned long long[::1] astral  # bits of a line with a character above U+FFFF
    cdef bint has_last_digit
    cdef unsigned long long[::1] last_digit  # bits of a line that may end with a digit
    # The floating patterns found by their first bits (when each has one, and they rise
    # with the pattern's number): the first bit of each, in limbs g_low to g_high; the
    # floating pattern whose first bit is g_base + k is g_owner[k].
    cdef bint g_by_bits
    cdef Py_ssize_t g_low, g_high, g_base
    cdef unsigned long long[::1] g_firsts
    cdef Py_ssize_t[::1] g_owner

    def __init__(
        self,
        dict words,
        anchored,
        floating,
        needs,
        *,
        choose,
        dict memo,
        alternation=None,
        digits=0,
        astral=0,
        last_digit=0,
        Py_ssize_t memo_lines,
        Py_ssize_t memo_text,
        Py_ssize_t memo_plans=20_000,
    ):
        anchored = list(anchored)
        floating = list(floating)
        needs = list(needs)
        if len(needs) != len(anchored) + len(floating):
            raise ValueError("PatternMatcher: one need for each pattern")
        self.table = Triggers(words, True)  # the words are found in the case-folded text
        self.words = bool(words)
        self.anchored_count = len(anchored)
        self.floating_count = len(floating)
        self.reasons = [reason for reason, _ in anchored]
        # A method is asked of a pattern when the pattern is first tried: a pattern the
        # language data compiles when first used (langdata.PatternSet) is compiled then.
        self.patterns = [compiled for _, compiled in anchored]
        self.fullmatches = [None] * len(anchored)
        self.floating_reasons = [item[3] for item in floating]
        self.cores = [item[2] for item in floating]
        self.searches = [None] * len(floating)
        self.lows = np.array([item[0] for item in floating], dtype=np.intp).reshape(-1)
        self.highs = np.array([item[1] for item in floating], dtype=np.intp).reshape(-1)
        self.firsts = np.array([first for first, _ in needs], dtype=np.intp).reshape(-1)
        self.counts = np.array([count for _, count in needs], dtype=np.intp).reshape(-1)
        self.choose = choose
        self.alternation = alternation
        self.pairs = [None] * (128 * 128)
        self.plans = {}
        self.memo = memo
        self.memo_lines = memo_lines
        self.memo_text = memo_text
        self.memo_plans = memo_plans
        self.width = max(
            self.table.found.shape[0],
            (digits.bit_length() + 63) // 64,
            (astral.bit_length() + 63) // 64,
            (last_digit.bit_length() + 63) // 64,
            1,
        )
        self.has_digits = digits != 0
        self.digits = np.frombuffer(
            digits.to_bytes(8 * self.width, "little"), dtype="<u8"
        ).astype(np.uint64)
        self.has_astral = astral != 0
        self.astral = np.frombuffer(
            astral.to_bytes(8 * self.width, "little"), dtype="<u8"
        ).astype(np.uint64)
        self.has_last_digit = last_digit != 0
        self.last_digit = np.frombuffer(
            last_digit.to_bytes(8 * self.width, "little"), dtype="<u8"
        ).astype(np.uint64)
        self._g_index_floating(needs[len(anchored) :])

    cdef int _g_index_floating(self, list needs) except -1:
        # Where each floating pattern needs a word (or a digit) and their first bits rise
        # with their numbers, the ones to try are those whose first bit a line holds, in
        # the order of those bits: read from the line's bits, not pattern by pattern.
        cdef Py_ssize_t i, first
        firsts = [first for first, _ in needs]
        self.g_by_bits = bool(needs) and all(count >= 1 for _, count in needs) and all(
            0 <= before < after for before, after in zip(firsts, firsts[1:])
        ) and firsts[0] >= 0
        self.g_firsts = np.zeros(self.width, dtype=np.uint64)
        self.g_low = self.g_high = self.g_base = 0
        self.g_owner = np.zeros(1, dtype=np.intp)
        if not self.g_by_bits:
            return 0
        last = firsts[len(firsts) - 1]
        self.g_low = firsts[0] >> 6
        self.g_high = min((last >> 6) + 1, self.width)  # a bit beyond: never held
        self.g_base = 64 * self.g_low
        self.g_owner = np.full(last - self.g_base + 1, -1, dtype=np.intp)
        for i in range(len(firsts)):
            first = firsts[i]
            if (first >> 6) < self.width:
                self.g_firsts[first >> 6] |= (<unsigned long long> 1) << (first & 63)
                self.g_owner[first - self.g_base] = i
        return 0

    cpdef object match(self, str text):
        """The reason of the first pattern that matches the whole of ``text``, or ``None``."""
        cdef PyObject* value = PyDict_GetItem(self.memo, text)
        if value != NULL:
            return <object> value
        return self._remember(text)

    cdef object _remember(self, str text):
        # The result of a text the memo lacks, stored in it when the text is short.
        reason = self._match(text)
        if len(text) <= self.memo_text:
            if len(self.memo) >= self.memo_lines:
                self.memo.clear()
            self.memo[text] = reason
        return reason

    cdef object _plan(self, str text):
        # The numbers of the anchored patterns a line starting as ``text`` may match.
        cdef Py_ssize_t n = len(text), slot = -1
        cdef Py_UCS4 first, second
        cdef PyObject* value
        if n >= 2:
            first = text[0]
            second = text[1]
            if first < 128 and second < 128:
                slot = (<Py_ssize_t> first) * 128 + <Py_ssize_t> second
                plan = self.pairs[slot]
                if plan is not None:
                    if plan is not False:
                        return plan
                    # Seen once before: its own plan now (the pair is not rare).
                    plan = self.pairs[slot] = _plan_bytes(
                        self.choose(text[:2]), self.anchored_count, self
                    )
                    return plan
                # Seen for the first time: the plan of its first character, which holds
                # every pattern of the pair's (most pairs are seen once or twice, and
                # choosing a pair's patterns costs more than trying the others once).
                self.pairs[slot] = False
        prefix = text[:1]
        value = PyDict_GetItem(self.plans, prefix)
        if value != NULL:
            return <object> value
        plan = _plan_bytes(self.choose(prefix), self.anchored_count, self)
        if len(self.plans) < self.memo_plans:
            self.plans[prefix] = plan
        return plan

    cdef inline bint _has(self, unsigned long long* found, Py_ssize_t width, Py_ssize_t number) noexcept:
        # Whether the line holds a word of each of the pattern's bits.
        cdef Py_ssize_t bit = self.firsts[number], end = bit + self.counts[number]
        while bit < end:
            if (bit >> 6) >= width or not (found[bit >> 6] >> (bit & 63)) & 1:
                return False
            bit += 1
        return True

    cdef object _match(self, str text):
        cdef unsigned long long small[_SMALL_LIMBS]
        cdef unsigned long long* found = small
        cdef Py_ssize_t width = self.width
        if width > _SMALL_LIMBS:
            found = <unsigned long long*> malloc(width * sizeof(unsigned long long))
            if found == NULL:
                raise MemoryError()
        try:
            return self._match_with(text, found, width)
        finally:
            if found != small:
                free(found)

    cdef object _match_with(self, str text, unsigned long long* found, Py_ssize_t width):
        cdef Py_ssize_t i, count, number
        cdef const _Step* steps
        # The plan first: choosing one may run Python code (and let another thread use
        # the table); the words found are then copied out of the table at once.
        plan = self._plan(text) if self.alternation is None and self.choose is not None else None
        self._find(text, found, width)
        if self.alternation is not None:
            whole = self.alternation.fullmatch(text)
            if whole is not None:
                return whole.lastgroup
        elif plan is not None:
            steps = <const _Step*> PyBytes_AS_STRING(plan)
            count = PyBytes_GET_SIZE(plan) // sizeof(_Step)
            for i in range(count):
                number = steps[i].number
                # The words a pattern needs, mostly bits of one limb: tested with one mask.
                if (
                    (found[steps[i].limb] & steps[i].mask) == steps[i].mask
                    if steps[i].limb >= 0
                    else self._has(found, width, number)
                ):
                    fullmatch = self.fullmatches[number]
                    if fullmatch is None:
                        fullmatch = self.fullmatches[number] = self.patterns[number].fullmatch
                    if fullmatch(text, None, None, False) is not None:
                        return self.reasons[number]
        cdef Py_ssize_t limb
        cdef unsigned long long held
        if self.g_by_bits:
            for limb in range(self.g_low, self.g_high):
                held = found[limb] & self.g_firsts[limb]
                while held:
                    i = self.g_owner[64 * limb + _lexicon_ctz(held) - self.g_base]
                    held &= held - 1
                    if self._has(found, width, self.anchored_count + i):
                        hit = self._g_search(text, i)
                        if hit is not None:
                            return hit
            return None
        for i in range(self.floating_count):
            if self._has(found, width, self.anchored_count + i):
                hit = self._g_search(text, i)
                if hit is not None:
                    return hit
        return None

    cdef object _g_search(self, str text, Py_ssize_t i):
        # The reason of floating pattern i if it matches ``text``, else None.
        search = self.searches[i]
        if search is None:
            search = self.searches[i] = self.cores[i].search
        hit = search(text, self.lows[i], None, False)
        if hit is not None and hit.start() <= self.highs[i]:
            return self.floating_reasons[i]
        return None

    cdef int _find(self, str text, unsigned long long* found, Py_ssize_t width) except -1:
        # The bits of the words ``text`` holds (case-folded), into ``found``.
        cdef Triggers table = self.table
        cdef Py_ssize_t limb
        cdef bint digit = False
        memset(found, 0, width * sizeof(unsigned long long))
        if self.words:
            _trigger_find(text, table, found, &digit)  # as in text.casefold(), not made
        if self.has_digits and (
            # the walk read a decimal digit (or a string of four bytes a character: one
            # above U+FFFF, as for _may_hold_digit)
            digit or PyUnicode_KIND(text) == PyUnicode_4BYTE_KIND
            if self.words and table.g_digit_class >= 0 and table.g_digit_exact
            else _may_hold_digit(text)
        ):
            for limb in range(width):
                found[limb] |= self.digits[limb]
        # A string of four bytes a character holds one above U+FFFF.
        if self.has_astral and PyUnicode_KIND(text) == PyUnicode_4BYTE_KIND:
            for limb in range(width):
                found[limb] |= self.astral[limb]
        cdef Py_ssize_t length = PyUnicode_GET_LENGTH(text)
        cdef Py_UCS4 last
        if self.has_last_digit and length:
            last = PyUnicode_READ(PyUnicode_KIND(text), PyUnicode_DATA(text), length - 1)
            if last >= 0x10000 or Py_UNICODE_ISDECIMAL(last):
                for limb in range(width):
                    found[limb] |= self.last_digit[limb]
        return 0


from cpython.unicode cimport Py_UNICODE_ISDECIMAL, PyUnicode_GET_LENGTH


def may_hold_digit(str text):
    """Whether ``text`` holds a decimal digit or an astral character: see
    ``newsclean._kernel_py.may_hold_digit``."""
    return _may_hold_digit(text)


cdef bint _may_hold_digit(str text) noexcept:
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i, length = PyUnicode_GET_LENGTH(text)
    cdef Py_UCS4 code
    if kind == PyUnicode_1BYTE_KIND:
        for i in range(length):
            code = (<_ucs1*> data)[i]
            if 0x30 <= code <= 0x39 or (code >= 128 and Py_UNICODE_ISDECIMAL(code)):
                return True
        return False
    if kind != PyUnicode_2BYTE_KIND:
        return True  # an astral character (a string of four bytes a character holds one)
    for i in range(length):
        code = (<_ucs2*> data)[i]
        if 0x30 <= code <= 0x39 or (code >= 128 and Py_UNICODE_ISDECIMAL(code)):
            return True
    return False


from cpython.exc cimport PyErr_Clear, PyErr_Occurred

cdef extern from "Python.h":
    # Declared without an exception value: the caller clears the error itself.
    unsigned long long _unsigned_of "PyLong_AsUnsignedLongLong"(object value)
    # An int's value modulo 2**64 (never an error for an int).
    unsigned long long _low_bits_of "PyLong_AsUnsignedLongLongMask"(object value)

cdef enum:
    # Bits of KeyBits (a power of two): a few thousand keys set.
    _KEY_BITS = 1 << 17
    _KEY_BYTES = _KEY_BITS >> 3


cdef class KeyBits:
    """Line keys, to tell most lines without a dictionary lookup that their key is none of
    them: see ``newsclean._kernel_py.KeyBits``. A set of bits, one for the low bits of each
    key (a hash already): a key whose bit is clear is not one of them; one whose bit is set
    may be, as may any key that is not an int of 64 bits."""

    cdef readonly frozenset keys
    cdef unsigned char bits[_KEY_BYTES]

    def __init__(self, keys):
        self.keys = frozenset(keys)
        memset(self.bits, 0, sizeof(self.bits))
        cdef unsigned long long value
        for key in self.keys:
            if type(key) is int and 0 <= key < 2 ** 64:
                value = key
                self.bits[(value & (_KEY_BITS - 1)) >> 3] |= 1 << (value & 7)
            else:  # another kind of key (equal to an int, maybe): every bit set
                memset(self.bits, 0xFF, sizeof(self.bits))
                break

    def __reduce__(self):
        return (KeyBits, (self.keys,))

    def may_hold(self, key):
        """Whether ``key`` may be one of the keys (False: it is none)."""
        return self._may_hold(key)

    cdef inline bint _may_hold(self, object key):
        cdef unsigned long long value
        if type(key) is not int:
            return True
        value = _unsigned_of(key)
        if value == <unsigned long long> -1 and PyErr_Occurred() != NULL:
            PyErr_Clear()  # negative or wider than 64 bits: not told by the bits
            return True
        return (self.bits[(value & (_KEY_BITS - 1)) >> 3] >> (value & 7)) & 1


cdef inline bint _keybits_may_hold(const unsigned char* bits, object key) noexcept:
    # What the loops ask of a KeyBits (its bits): False only for a key that is none of its
    # keys, as KeyBits.may_hold, without its conversion of the key (which goes through a
    # byte array). The low bits of an int, whatever its sign and width: a key of the set
    # has its bit set, and a set with a key that is not an int of 64 bits has every bit.
    cdef unsigned long long value
    if type(key) is not int:
        return True
    value = _low_bits_of(key)
    return (bits[(value & (_KEY_BITS - 1)) >> 3] >> (value & 7)) & 1


def chrome_gate(
    object lines,
    *,
    dict skip,
    dict whole,
    dict runs,
    flags,
    Py_ssize_t max_length,
    str starts,
    dict known,
    Py_ssize_t long_length=0,
    PatternMatcher matcher=None,
    KeyBits keys=None,
):
    """The non-blank lines that a closer look may find chrome: see
    ``newsclean._kernel_py.chrome_gate``."""
    cdef list out = []
    cdef tuple line
    cdef str text
    cdef object key, index
    cdef PyObject* value
    cdef Py_ssize_t position = -1, length
    cdef unsigned char flag
    cdef Py_UCS4 first
    cdef _Buf shown
    cdef bint has_runs = len(runs) > 0
    cdef const unsigned char* bits = keys.bits if keys is not None else NULL
    # Read through its pointer (no typed memoryview).
    flags = _buffer(flags, cnp.NPY_UINT8, 1, &shown)
    for item in lines:
        line = <tuple> item
        text = <str> line[1]
        length = len(text)
        if not length:
            continue
        position += 1
        key = line[2]
        index = line[0]
        # The keys of skip and whole (in keys): most lines hold none, told by a bit.
        if bits == NULL or _keybits_may_hold(bits, key):
            if key in skip:
                continue
            value = PyDict_GetItem(whole, key)
            if value != NULL and <object> value is not None:
                out.append((position, index, C_WHOLE, <object> value))
                continue
        if has_runs:
            value = PyDict_GetItem(runs, index)
            if value != NULL and <object> value is not None:
                out.append((position, index, C_ROW, <object> value))
                continue
        if length <= 3 and key == 0:
            out.append((position, index, C_SYMBOLS, None))
            continue
        first = text[0]
        # signed(): "©", or "copyright" as the first nine characters lowered (only "o" and
        # "O" lower to a string that starts with "o").
        if first == u'©' or (
            (first == u'C' or first == u'c')
            and length >= 9
            and (text[1] == u'o' or text[1] == u'O')
            and _signed(text)
        ):
            out.append((position, index, C_SIGNED, None))
            continue
        flag = _u8(&shown, position)
        if length > max_length and (length > long_length or not flag & C_LONG):
            continue
        if flag & C_ONE_WORD and text[0] not in starts:
            continue
        if flag & C_SENTENCE and not flag & C_NOTICE:
            continue
        value = PyDict_GetItem(known, text)
        if matcher is not None:
            reason = matcher._remember(text) if value == NULL else <object> value
            if reason is not None:
                out.append((position, index, C_KNOWN, reason))
            elif flag & C_MENU:
                out.append((position, index, C_PLAIN, text))
        elif value == NULL or (<object> value is None and flag & C_MENU):
            out.append((position, index, C_MATCH, text))
        elif <object> value is not None:
            out.append((position, index, C_KNOWN, <object> value))
    return out


def view_rows(object lines):
    """The non-blank lines of a view, their indices and places: see
    ``newsclean._kernel_py.view_rows``."""
    cdef Py_ssize_t n = len(lines), i, count = 0
    cdef tuple line, items
    cdef list chosen
    cdef cnp.npy_intp size
    cdef cnp.int64_t* ix
    cdef cnp.int64_t* pl
    # A tuple (what a view holds) is read in place; the arrays are made at their size
    # (the non-blank lines counted first) and filled through their data pointers.
    items = lines if type(lines) is tuple else tuple(lines)
    for i in range(n):
        if <str> (<tuple> items[i])[1]:
            count += 1
    size = count
    index = cnp.PyArray_EMPTY(1, &size, cnp.NPY_INT64, 0)
    place = cnp.PyArray_EMPTY(1, &size, cnp.NPY_INT64, 0)
    ix = <cnp.int64_t*> cnp.PyArray_DATA(<cnp.ndarray> index)
    pl = <cnp.int64_t*> cnp.PyArray_DATA(<cnp.ndarray> place)
    chosen = [None] * count
    count = 0
    for i in range(n):
        line = <tuple> items[i]
        if <str> line[1]:
            chosen[count] = line
            ix[count] = line[0]
            pl[count] = i
            count += 1
    return chosen, index, place


# Whether each code point below 0x10000 is a word character (\w): 0 not asked yet, 1 no,
# 2 yes.
cdef unsigned char _wordy[65536]


cdef inline bint _is_word(Py_UCS4 code, object is_word) except -1:
    if code < 65536:
        if not _wordy[code]:
            _wordy[code] = 2 if is_word(<long> code) else 1
        return _wordy[code] == 2
    return bool(is_word(<long> code))


cdef bint _ends_like_sentence(int kind, void* data, Py_ssize_t end) noexcept:
    # A sentence mark, not after "." or "…", then at most three closing quotes or brackets
    # before ``end``.
    cdef Py_ssize_t p = end - 1
    cdef Py_UCS4 code
    while p >= 0 and end - 1 - p < 4 and _is_closer(PyUnicode_READ(kind, data, p)):
        p -= 1
    if p < 0 or end - 1 - p > 3:
        return False
    code = PyUnicode_READ(kind, data, p)
    if not (code == 0x2E or code == 0x21 or code == 0x3F or code == 0x3A or code == 0x3B):
        return False
    if p >= 1:
        code = PyUnicode_READ(kind, data, p - 1)
        if code == 0x2E or code == 0x2026:
            return False
    return True


cdef int _body_text(str text, Py_ssize_t min_words, object is_word) except -1:
    """Whether ``text`` reads as a full sentence of body text (see ``body_like``)."""
    cdef Py_ssize_t length = len(text), j, words
    cdef int kind
    cdef void* data
    cdef bint inside
    if length < 40:
        return False
    kind = PyUnicode_KIND(text)
    data = PyUnicode_DATA(text)
    # "$" matches at the end, or before a line break that ends the text.
    if not _ends_like_sentence(kind, data, length) and not (
        PyUnicode_READ(kind, data, length - 1) == 0x0A
        and _ends_like_sentence(kind, data, length - 1)
    ):
        return False
    words = 0
    inside = False
    for j in range(length):
        if _is_word(PyUnicode_READ(kind, data, j), is_word):
            if not inside:
                words += 1
                if words >= min_words:
                    break  # enough: the rest of the line cannot change the answer
                inside = True
        else:
            inside = False
    return words >= min_words


def body_like(object items, Py_ssize_t min_words, object is_word):
    """Whether each item's text reads as a full sentence of body text: see
    ``newsclean._kernel_py.body_like``."""
    cdef Py_ssize_t n = len(items), i
    cdef cnp.npy_intp size = n
    # Filled through its data pointer (a memoryview costs more than a short list of items).
    out = cnp.PyArray_ZEROS(1, &size, cnp.NPY_BOOL, 0)
    cdef cnp.uint8_t* flags = <cnp.uint8_t*> cnp.PyArray_DATA(<cnp.ndarray> out)
    for i in range(n):
        flags[i] = _body_text(<str> (<tuple> items[i])[1], min_words, is_word)
    return out


cdef inline object _item_of(object row, Py_ssize_t k):
    """``row[k]``: read in place from a tuple that holds it (a Removal, a Line), checked
    otherwise (another shape is an IndexError or a TypeError, as in the twin, not a read
    past its end: the module is compiled without bounds checks)."""
    if _is_tuple(<PyObject*> row) and _tuple_size(<PyObject*> row) > k:
        return <object> _tuple_item(<PyObject*> row, k)
    return PySequence_GetItem(row, k)


def body_guard(
    object removed,
    object strong,
    object strong_reasons,
    object lines,
    object listed,
    *,
    Py_ssize_t min_words,
    object is_word,
):
    """The indices of the removed lines the body-sentence guard gives back: see
    ``newsclean._kernel_py.body_guard``."""
    cdef list candidates = weak_removals(
        removed.values(), strong, lines, listed, min_words=min_words, is_word=is_word
    )
    cdef list indices = []
    cdef object detail, reasons
    cdef Py_ssize_t colon
    cdef object none = frozenset()
    if not candidates:
        return indices
    if strong_reasons:
        for item in candidates:
            detail = _item_of(item, 3)
            if type(detail) is str:
                # detail.partition(":")[0], without the tuple
                colon = (<str> detail).find(":")
                if colon >= 0:
                    detail = (<str> detail)[:colon]
            else:
                detail = detail.partition(":")[0]
            reasons = strong_reasons.get(_item_of(item, 2), none)
            if detail not in reasons:
                indices.append(_item_of(item, 0))
    else:
        for item in candidates:
            indices.append(_item_of(item, 0))
    if not indices:
        return indices
    indices.sort()
    return restored_lines(lines, removed, indices, min_words, is_word)


def restored_lines(
    object lines, object removed, object indices, Py_ssize_t min_words, object is_word
):
    """Which removed lines the body-sentence guard gives back: see
    ``newsclean._kernel_py.restored_lines``."""
    if type(lines) is not tuple or type(removed) is not dict or type(indices) is not list:
        return _restored_lines_py(lines, removed, indices, min_words, is_word)
    cdef Py_ssize_t n = len(<tuple> lines), m = len(<list> indices), k, count = 0, index
    cdef Py_ssize_t low, high, middle, start, j
    cdef PyObject* item
    cdef bint near
    cdef list out = []
    # The kept non-blank lines' indices, in order, with room for each candidate; and
    # whether each line reads as body text (-1: not known yet), by index.
    cdef Py_ssize_t* kept = <Py_ssize_t*> malloc((n + m + 1) * sizeof(Py_ssize_t))
    cdef signed char* body = <signed char*> malloc(n + 1)
    if kept == NULL or body == NULL:
        free(kept)
        free(body)
        raise MemoryError()
    try:
        memset(body, -1, n + 1)
        for k in range(n):
            item = _tuple_item(<PyObject*> lines, k)
            if (
                not _is_tuple(item)
                or _tuple_size(item) < 2
                or not _is_str(_tuple_item(item, 1))
                or not _is_exact_int(_tuple_item(item, 0))
                or _ssize_of(_tuple_item(item, 0)) != k
            ):
                PyErr_Clear()
                return _restored_lines_py(lines, removed, indices, min_words, is_word)
            if _str_length(_tuple_item(item, 1)) and PyDict_GetItem(
                <dict> removed, <object> _tuple_item(item, 0)
            ) == NULL:
                kept[count] = k
                count += 1
        for k in range(m):
            item = PyList_GET_ITEM(indices, k)
            if not _is_exact_int(item):
                return _restored_lines_py(lines, removed, indices, min_words, is_word)
            index = _ssize_of(item)
            if index == -1 and PyErr_Occurred() != NULL:
                PyErr_Clear()
                return _restored_lines_py(lines, removed, indices, min_words, is_word)
            # bisect_left: the kept lines above it, then the three nearest of them.
            low = 0
            high = count
            while low < high:
                middle = (low + high) // 2
                if kept[middle] < index:
                    low = middle + 1
                else:
                    high = middle
            start = low
            near = _body_among(lines, kept, start - 3 if start > 3 else 0, start, body, min_words, is_word)
            if not near:
                continue
            # bisect_right: the kept lines below it.
            high = count
            while low < high:
                middle = (low + high) // 2
                if kept[middle] <= index:
                    low = middle + 1
                else:
                    high = middle
            start = low
            if not _body_among(lines, kept, start, start + 3 if start + 3 < count else count, body, min_words, is_word):
                continue
            out.append(<object> item)
            # insort: it joins the kept lines (at bisect_right).
            for j in range(count, start, -1):
                kept[j] = kept[j - 1]
            kept[start] = index
            count += 1
    finally:
        free(kept)
        free(body)
    return out


cdef int _body_among(
    object lines, Py_ssize_t* kept, Py_ssize_t start, Py_ssize_t stop, signed char* body,
    Py_ssize_t min_words, object is_word,
) except -1:
    # Whether a kept line at positions start to stop of kept reads as body text (each line
    # tested once: body, by index).
    cdef Py_ssize_t j, i
    for j in range(start, stop):
        i = kept[j]
        if body[i] < 0:
            body[i] = _body_text(
                <str> _tuple_item(_tuple_item(<PyObject*> lines, i), 1), min_words, is_word
            )
        if body[i]:
            return 1
    return 0


from newsclean._kernel_py import restored_lines as _restored_lines_py


def a_body_scan(
    object items,
    Py_ssize_t start,
    Py_ssize_t stop,
    Py_ssize_t step,
    *,
    Py_ssize_t min_words,
    object is_word,
):
    """The first position of ``range(start, stop, step)`` whose item's text reads as a full
    sentence of body text, or -1: see ``newsclean._kernel_py.a_body_scan``."""
    cdef Py_ssize_t n = len(items), pos = start
    if step != 1 and step != -1:
        raise ValueError("a_body_scan: the step is 1 or -1")
    if step == 1:
        if pos < 0:
            pos = 0
        if stop > n:
            stop = n
        while pos < stop:
            if _body_text(<str> (<tuple> items[pos])[1], min_words, is_word):
                return pos
            pos += 1
    else:
        if pos >= n:
            pos = n - 1
        if stop < -1:
            stop = -1
        while pos > stop:
            if _body_text(<str> (<tuple> items[pos])[1], min_words, is_word):
                return pos
            pos -= 1
    return -1


def heading_candidates(object lines, dict headings, dict runs):
    """The positions of the lines that may be section headings: see
    ``newsclean._kernel_py.heading_candidates``."""
    return _section_lines(lines, headings, runs, None, None)[0]


def section_lines(
    object lines,
    dict headings,
    dict runs,
    labels,
    KeyBits keys=None,
    *,
    str heading=None,
    str thread=None,
    Py_ssize_t max_thread=0,
    PatternMatcher matcher=None,
):
    """The positions of the lines that may be section headings (with ``heading``: that
    are), and whether a line's key is in ``labels``: see
    ``newsclean._kernel_py.section_lines``."""
    return _section_lines(
        lines, headings, runs, labels, keys, heading, thread, max_thread, matcher
    )


cdef tuple _section_lines(
    object lines,
    dict headings,
    dict runs,
    object labels,
    KeyBits keys,
    str heading=None,
    str thread=None,
    Py_ssize_t max_thread=0,
    PatternMatcher matcher=None,
):
    cdef list out = []
    cdef tuple line
    cdef str text
    cdef object key, run
    cdef PyObject* value
    cdef Py_ssize_t position = 0
    cdef bint has_runs = len(runs) > 0, labelled = False, maybe, found
    cdef bint has_labels = labels is not None and len(labels) > 0
    cdef const unsigned char* bits = keys.bits if keys is not None else NULL
    for item in lines:
        line = <tuple> item
        text = <str> line[1]
        key = line[2]
        # The keys of headings and labels (in keys): most lines hold none, told by a bit.
        maybe = bits == NULL or _keybits_may_hold(bits, key)
        if has_labels and not labelled and maybe and key in labels:
            labelled = True
        if not text:
            found = False
        elif heading is None:
            found = (
                (maybe and key in headings)
                or (has_runs and line[0] in runs)
                or Py_UNICODE_ISDIGIT(text[0])
            )
        else:  # what ChromeSections._heading says is a heading
            value = PyDict_GetItem(headings, key) if maybe else NULL
            found = value != NULL and <object> value is not None
            if not found and has_runs:
                value = PyDict_GetItem(runs, line[0])
                if value != NULL and <object> value is not None:
                    run = <object> value
                    found = run[0][0] == heading
            if not found and Py_UNICODE_ISDIGIT(text[0]) and len(text) <= max_thread:
                found = matcher is not None and matcher.match(text) == thread
        if found:
            out.append(position)
        position += 1
    return out, labelled


cdef bint _ends_with_ellipsis(str text):
    # "…" or "...", maybe before a final line break (as "$" reads it).
    cdef Py_ssize_t end = len(text)
    if end and text[end - 1] == "\n":
        end -= 1
    if end >= 1 and text[end - 1] == "…":
        return True
    return end >= 3 and text[end - 1] == "." and text[end - 2] == "." and text[end - 3] == "."


def near_pairs(
    list lines,
    list norms,
    object marked,
    *,
    Py_ssize_t window,
    Py_ssize_t limit,
    double stretch,
    double reach=0.0,
):
    """The pairs of lines the near-duplicate test looks at: see
    ``newsclean._kernel_py.near_pairs``."""
    cdef Py_ssize_t n = len(lines), later, other, low
    cdef list cut = [], fuzzy = []
    cdef Py_ssize_t index, size = len(norms)
    cdef PyObject* item
    cdef PyObject* text
    cdef bint cut_off
    cdef int found
    cdef _NearLines near
    cdef char* block = _near_lines(n + 1, &near)
    cdef Py_ssize_t* length = near.length
    cdef Py_ssize_t* row = near.row
    cdef PyObject** forms = near.forms
    cdef char* earlier = near.earlier
    cdef char* brief = near.brief
    cdef char* ellipsis = near.ellipsis
    cdef Py_ssize_t rows = 0
    try:
        for later in range(n):
            # A line: a tuple of its index and text (and more), read as borrowed references;
            # anything else is the reference's to read (or to raise on).
            item = PyList_GET_ITEM(lines, later)
            if not _is_tuple(item) or _tuple_size(item) < 2:
                return _near_pairs_py(
                    lines, norms, marked, window=window, limit=limit, stretch=stretch,
                    reach=reach,
                )
            index = <object> _tuple_item(item, 0)
            if not 0 <= index < size:
                raise IndexError("near_pairs: a line's index is not in norms")
            forms[later] = PyList_GET_ITEM(norms, index)
            if not _is_str(forms[later]):
                return _near_pairs_py(
                    lines, norms, marked, window=window, limit=limit, stretch=stretch,
                    reach=reach,
                )
            row[later] = -1
            length[later] = _str_length(forms[later])
            if length[later] >= 12:  # else neither compared nor brief (zeroed): no text read
                text = _tuple_item(item, 1)
                if not _is_str(text):
                    return _near_pairs_py(
                        lines, norms, marked, window=window, limit=limit, stretch=stretch,
                        reach=reach,
                    )
                _near_text(&near, later, text, limit)
        for position in marked:
            if 0 <= position < n:
                earlier[position] = 0
        for later in range(n):
            if earlier[later]:
                row[later] = rows
                rows += 1
        for later in range(n):
            if not earlier[later] or not brief[later]:
                continue
            cut_off = ellipsis[later]
            low = later - window if later - window > 0 else 0
            for other in range(later - 1, low - 1, -1):
                if not earlier[other]:
                    continue
                found = _near_pair(&near, later, other, cut_off, stretch, reach)
                if found & 1:
                    cut.append((later, other))
                if found & 2:
                    fuzzy.append((later, other))
    finally:
        free(block)
    return cut, fuzzy


# The lines of near_pairs, in one block (see _near_lines).
cdef struct _NearLines:
    Py_ssize_t* length  # of its form
    Py_ssize_t* row  # its row of counts
    PyObject** forms  # borrowed from norms, which nothing changes meanwhile
    int* counts  # 64 a row
    char* earlier  # compared as the earlier line
    char* brief  # compared as the later line
    char* ellipsis  # ends with an ellipsis
    char* counted  # its row of counts is made


cdef char* _near_lines(Py_ssize_t m, _NearLines* near) except NULL:
    # Room for m lines, each flag 0; the block to free. Counts: how many characters of a
    # line's form have each code point modulo 64 (the loop over pairs reads no Python
    # object), made when a pair first needs them (most lines are in no pair of like
    # lengths).
    cdef char* block = <char*> malloc(
        m * (2 * sizeof(Py_ssize_t) + sizeof(PyObject*) + 64 * sizeof(int) + 4)
    )
    if block == NULL:
        raise MemoryError()
    near.length = <Py_ssize_t*> block
    near.row = near.length + m
    near.forms = <PyObject**> (near.row + m)
    near.counts = <int*> (near.forms + m)
    near.earlier = <char*> (near.counts + m * 64)
    near.brief = near.earlier + m
    near.ellipsis = near.brief + m
    near.counted = near.ellipsis + m
    memset(near.earlier, 0, 4 * m)
    return block


cdef inline void _near_text(
    _NearLines* near, Py_ssize_t k, PyObject* text, Py_ssize_t limit
):
    # What line k's text (a str) allows: compared as the earlier line up to twice the
    # limit, as the later one up to the limit, and whether it ends with an ellipsis.
    cdef Py_ssize_t size = _str_length(text)
    near.earlier[k] = size <= 2 * limit
    near.brief[k] = size <= limit
    if size <= limit:
        near.ellipsis[k] = _ends_with_ellipsis(<str> text)


cdef int _near_pair(
    _NearLines* near, Py_ssize_t later, Py_ssize_t other, bint cut_off, double stretch,
    double reach,
) except -1:
    # What near_pairs finds of a pair of lines to compare: 1, a cut-off repeat; 2, a pair
    # whose ratio may reach ``reach``; both, 3.
    cdef Py_ssize_t a = near.length[other], b = near.length[later], shared
    cdef int found = 0
    cdef int* mine
    cdef int* theirs
    if (
        cut_off and a >= b
        and (<str> near.forms[other]).startswith(<str> near.forms[later])
    ):
        found = 1
    if <double> (a if a < b else b) < <double> (a if a > b else b) * stretch:
        return found
    mine = &near.counts[near.row[later] * 64]
    if not near.counted[later]:
        _count_chars(<str> near.forms[later], mine)
        near.counted[later] = 1
    theirs = &near.counts[near.row[other] * 64]
    if not near.counted[other]:
        _count_chars(<str> near.forms[other], theirs)
        near.counted[other] = 1
    shared = _near_shared(mine, theirs)
    if not (<double> (200 * shared) / <double> (a + b) < reach):
        found |= 2
    return found


from newsclean._kernel_py import near_pairs as _near_pairs_py


def has_new_near_pair(
    object seen,
    object lines,
    object where,
    object norms,
    *,
    Py_ssize_t window,
    Py_ssize_t limit,
    double stretch,
    double reach=0.0,
):
    """Whether a later round's lines hold a near-duplicate pair the round before did not
    look at: see ``newsclean._kernel_py.has_new_near_pair``."""
    if not (
        type(seen) is list
        and type(lines) is tuple
        and type(norms) is list
        and _plain(where, cnp.NPY_INT64, 1)
    ):
        return _has_new_near_pair_py(
            seen, lines, where, norms, window=window, limit=limit, stretch=stretch, reach=reach
        )
    cdef _Buf w
    _buffer(where, cnp.NPY_INT64, 1, &w)
    cdef Py_ssize_t n = len(<tuple> lines), s = len(<list> seen), size = len(<list> norms)
    cdef Py_ssize_t i, k = 0, position = 0, index, held, later, other, low
    cdef cnp.int64_t origin
    cdef PyObject* item
    cdef PyObject* mine_line = NULL
    cdef PyObject* form
    cdef PyObject* text
    cdef bint cut_off
    # The lines with a key, as near_pairs holds them (a row of counts each), and the
    # position of each among seen.
    cdef _NearLines near
    cdef char* block = _near_lines(n + 1, &near)
    cdef Py_ssize_t* at = <Py_ssize_t*> malloc((n + 1) * sizeof(Py_ssize_t))
    if at == NULL:
        free(block)
        raise MemoryError()
    cdef Py_ssize_t* length = near.length
    cdef PyObject** forms = near.forms
    cdef char* earlier = near.earlier
    cdef char* brief = near.brief
    cdef char* ellipsis = near.ellipsis
    try:
        for i in range(n):
            item = _tuple_item(<PyObject*> lines, i)
            if not _is_tuple(item) or _tuple_size(item) < 3:
                return _has_new_near_pair_py(
                    seen, lines, where, norms, window=window, limit=limit, stretch=stretch,
                    reach=reach,
                )
            if not <object> _tuple_item(item, 2):
                continue
            if not _is_exact_int(_tuple_item(item, 0)):
                return _has_new_near_pair_py(
                    seen, lines, where, norms, window=window, limit=limit, stretch=stretch,
                    reach=reach,
                )
            index = _ssize_of(_tuple_item(item, 0))
            if index == -1 and PyErr_Occurred() != NULL:
                PyErr_Clear()
                return _has_new_near_pair_py(
                    seen, lines, where, norms, window=window, limit=limit, stretch=stretch,
                    reach=reach,
                )
            if not (0 <= index < w.shape0 and index < size):
                return _has_new_near_pair_py(
                    seen, lines, where, norms, window=window, limit=limit, stretch=stretch,
                    reach=reach,
                )
            origin = _i64(&w, index)
            # Its line among seen, read in order.
            held = -1
            while position < s:
                mine_line = PyList_GET_ITEM(seen, position)
                if (
                    not _is_tuple(mine_line)
                    or _tuple_size(mine_line) < 3
                    or not _is_exact_int(_tuple_item(mine_line, 0))
                ):
                    return _has_new_near_pair_py(
                        seen, lines, where, norms, window=window, limit=limit,
                        stretch=stretch, reach=reach,
                    )
                held = _ssize_of(_tuple_item(mine_line, 0))
                if held == -1 and PyErr_Occurred() != NULL:
                    PyErr_Clear()
                    return _has_new_near_pair_py(
                        seen, lines, where, norms, window=window, limit=limit,
                        stretch=stretch, reach=reach,
                    )
                if held >= origin:
                    break
                position += 1
            if position == s or held != origin or not (
                <object> _tuple_item(mine_line, 2) == <object> _tuple_item(item, 2)
            ):
                return True
            at[k] = position
            near.row[k] = k
            position += 1
            form = PyList_GET_ITEM(norms, index)
            if not _is_str(form):
                return _has_new_near_pair_py(
                    seen, lines, where, norms, window=window, limit=limit, stretch=stretch,
                    reach=reach,
                )
            forms[k] = form
            length[k] = _str_length(form)
            if length[k] >= 12:  # else neither compared nor brief (zeroed): no text read
                text = _tuple_item(item, 1)
                if not _is_str(text):
                    return _has_new_near_pair_py(
                        seen, lines, where, norms, window=window, limit=limit,
                        stretch=stretch, reach=reach,
                    )
                _near_text(&near, k, text, limit)
            k += 1
        # The pairs near_pairs would give, of those more than window apart among seen.
        for later in range(k):
            if not earlier[later] or not brief[later]:
                continue
            cut_off = ellipsis[later]
            low = later - window if later - window > 0 else 0
            for other in range(later - 1, low - 1, -1):
                if at[later] - at[other] <= window or not earlier[other]:
                    continue
                if _near_pair(&near, later, other, cut_off, stretch, reach):
                    return True
    finally:
        free(block)
        free(at)
    return False


from newsclean._kernel_py import has_new_near_pair as _has_new_near_pair_py


cdef extern from "Python.h":
    # Borrowed references, no checks (their callers test them: near_pairs, has_new_near_pair,
    # restored_lines).
    bint _is_str "PyUnicode_Check" (PyObject* o)
    Py_ssize_t _str_length "PyUnicode_GET_LENGTH" (PyObject* o)


cdef inline int _near_shared(const int* mine, const int* theirs) noexcept:
    # The sum of the smaller of each of the 64 counts of near_pairs (summed as ints, as
    # they are: no widening in the loop).
    cdef int k, total = 0
    for k in range(64):
        total += mine[k] if mine[k] < theirs[k] else theirs[k]
    return total


cdef void _count_chars(str text, int* counts) noexcept:
    # How many characters of ``text`` have each code point modulo 64 (see near_pairs).
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    memset(counts, 0, 64 * sizeof(int))
    if kind == PyUnicode_1BYTE_KIND:
        _count_of[_ucs1](<_ucs1*> data, len(text), counts)
    elif kind == PyUnicode_2BYTE_KIND:
        _count_of[_ucs2](<_ucs2*> data, len(text), counts)
    else:
        _count_of[_ucs4](<_ucs4*> data, len(text), counts)


cdef void _count_of(_ucs_t* data, Py_ssize_t length, int* counts) noexcept:
    cdef Py_ssize_t i
    for i in range(length):
        counts[data[i] & 63] += 1


from cpython.list cimport PyList_AsTuple


def without(object lines, dict removed):
    """The lines whose index is not in ``removed``: see ``newsclean._kernel_py.without``."""
    cdef list out = []
    for line in lines:
        if (<tuple> line)[0] not in removed:
            out.append(line)
    return PyList_AsTuple(out)


def kept_indices(object lines, object removed):
    """The indices of the non-blank lines whose index is not in ``removed``: see
    ``newsclean._kernel_py.kept_indices``."""
    cdef list out = []
    cdef tuple line
    for item in lines:
        line = <tuple> item
        if <str> line[1] and line[0] not in removed:
            out.append(line[0])
    return out


from cpython.unicode cimport Py_UNICODE_ISSPACE, PyUnicode_AsUTF8AndSize

from newsclean._kernel_py import marker_split as _marker_split_py

cdef enum:
    _MOST_WORDS = 32


def marker_split(
    str norm,
    dict headings,
    dict lines,
    *,
    str heading,
    Py_ssize_t max_words,
    Py_ssize_t max_part,
):
    """Split a normal form into two or more markers: see
    ``newsclean._kernel_py.marker_split``."""
    return _marker_split(norm, headings, lines, heading, max_words, max_part)


cdef enum:
    # Bits of each of WordEnds' sets (a power of two): a few words of a thousand set.
    _END_BITS = 1 << 16
    _END_BYTES = _END_BITS >> 3


cdef inline Py_ssize_t _end_bit(int kind, void* data, Py_ssize_t start, Py_ssize_t end) noexcept:
    # The bit of WordEnds for the word text[start:end].
    cdef unsigned long long h = _fnv(kind, data, start, end)
    return <Py_ssize_t> ((h ^ (h >> 29)) & (_END_BITS - 1))


cdef class WordEnds:
    """The words a row of markers may start and end with: see
    ``newsclean._kernel_py.WordEnds``. Kept as two sets of bits, one for a hash of each
    word's code points: a word whose bit is clear is not one of them (one that is set may
    be, and the row is then looked for as without them)."""

    cdef readonly frozenset firsts
    cdef readonly frozenset lasts
    cdef unsigned char first_bits[_END_BYTES]
    cdef unsigned char last_bits[_END_BYTES]

    def __init__(self, firsts, lasts):
        self.firsts = frozenset(firsts)
        self.lasts = frozenset(lasts)
        memset(self.first_bits, 0, sizeof(self.first_bits))
        memset(self.last_bits, 0, sizeof(self.last_bits))
        cdef Py_ssize_t bit
        cdef str word
        for word in self.firsts:
            bit = _end_bit(PyUnicode_KIND(word), PyUnicode_DATA(word), 0, len(word))
            self.first_bits[bit >> 3] |= 1 << (bit & 7)
        for word in self.lasts:
            bit = _end_bit(PyUnicode_KIND(word), PyUnicode_DATA(word), 0, len(word))
            self.last_bits[bit >> 3] |= 1 << (bit & 7)

    def __reduce__(self):
        return (WordEnds, (self.firsts, self.lasts))

    cdef inline bint may_start(self, int kind, void* data, Py_ssize_t start, Py_ssize_t end) noexcept:
        cdef Py_ssize_t bit = _end_bit(kind, data, start, end)
        return (self.first_bits[bit >> 3] >> (bit & 7)) & 1

    cdef inline bint may_end(self, int kind, void* data, Py_ssize_t start, Py_ssize_t end) noexcept:
        cdef Py_ssize_t bit = _end_bit(kind, data, start, end)
        return (self.last_bits[bit >> 3] >> (bit & 7)) & 1


def marker_rows(
    object lines,
    dict headings,
    dict whole,
    object norms,
    dict memo,
    *,
    str heading,
    Py_ssize_t max_words,
    Py_ssize_t max_part,
    WordEnds ends=None,
    words=None,
):
    """The rows of markers of the lines, in line order: see
    ``newsclean._kernel_py.marker_rows``."""
    cdef list rows = []
    cdef tuple line
    cdef str text, norm
    cdef object key, index, parts
    cdef PyObject* value
    cdef bint is_list = type(norms) is list, plain
    cdef Py_ssize_t spaces, length, j, first_space, last_space
    cdef Py_ssize_t position = -1, counted
    cdef int kind
    cdef void* data
    cdef Py_UCS4 code, previous
    cdef _Buf shown
    # The word counts (read through their pointer): a line of more than max_words words
    # has max_words spaces or more, passed over without its normal form read.
    if words is not None and not _plain(words, cnp.NPY_INT64, 1):
        words = np.asarray(words, dtype=np.int64)  # a list, or another integer type
    words = _buffer(words, cnp.NPY_INT64, 1, &shown)
    counted = shown.shape0
    for item in lines:
        line = <tuple> item
        text = <str> line[1]
        if not text:
            continue
        position += 1
        if position < counted and _i64(&shown, position) > max_words:
            continue
        index = line[0]
        norm = <str?> _norm_at(norms, is_list, index)
        # First: the cheaper tests, and most lines are long. Words between single spaces
        # (no other white space, no space at an edge, no lone surrogate) are "plain": then
        # the first and the last word are those marker_split reads.
        length = PyUnicode_GET_LENGTH(norm)
        kind = PyUnicode_KIND(norm)
        data = PyUnicode_DATA(norm)
        spaces = 0
        first_space = -1
        last_space = -1
        plain = length > 0
        previous = 0x20
        for j in range(length):
            code = PyUnicode_READ(kind, data, j)
            if code == 0x20:
                spaces += 1
                if spaces >= max_words:
                    break
                if previous == 0x20:
                    plain = False
                if first_space < 0:
                    first_space = j
                last_space = j
            elif code >= 0x80 and (Py_UNICODE_ISSPACE(code) or 0xD800 <= code <= 0xDFFF):
                plain = False
            elif code < 0x80 and (0x09 <= code <= 0x0D or 0x1C <= code <= 0x1F):
                plain = False
            previous = code
        if spaces >= max_words:
            continue
        if plain and previous != 0x20 and ends is not None and (
            first_space < 0  # one word: no row
            or not ends.may_start(kind, data, 0, first_space)
            or not ends.may_end(kind, data, last_space + 1, length)
        ):
            continue
        key = line[2]
        if key in headings or key in whole:
            continue
        value = PyDict_GetItem(memo, norm)
        if value == NULL:
            parts = _marker_split(norm, headings, whole, heading, max_words, max_part)
            memo[norm] = parts
        else:
            parts = <object> value
        if parts is not None:
            rows.append((index, parts))
    return rows


cdef object _marker_split(
    str norm,
    dict headings,
    dict lines,
    str heading,
    Py_ssize_t max_words,
    Py_ssize_t max_part,
):
    cdef Py_ssize_t length = len(norm), i, count = 0, size, start, end, used
    cdef int kind = PyUnicode_KIND(norm)
    cdef void* data = PyUnicode_DATA(norm)
    cdef Py_UCS4 code, previous = 0x20
    cdef const char* utf8
    cdef Py_ssize_t begins[_MOST_WORDS]
    cdef Py_ssize_t ends[_MOST_WORDS]
    cdef Py_ssize_t fewest[_MOST_WORDS + 1]
    cdef Py_ssize_t came[_MOST_WORDS + 1]
    cdef list parts
    cdef object key, found
    cdef PyObject* value
    if max_words >= _MOST_WORDS or max_part < 1:
        return _marker_split_py(
            norm, headings, lines, heading=heading, max_words=max_words, max_part=max_part
        )
    # Words are the runs between single spaces; anything else (other white space, spaces
    # at the edges or doubled, a lone surrogate) goes the plain way.
    for i in range(length):
        code = PyUnicode_READ(kind, data, i)
        if code == 0x20:
            if previous == 0x20:
                return _marker_split_py(
                    norm, headings, lines, heading=heading, max_words=max_words, max_part=max_part
                )
        elif Py_UNICODE_ISSPACE(code) or 0xD800 <= code <= 0xDFFF:
            return _marker_split_py(
                norm, headings, lines, heading=heading, max_words=max_words, max_part=max_part
            )
        elif previous == 0x20:
            count += 1
            if count > max_words:
                return None
        previous = code
    if length and previous == 0x20:
        return _marker_split_py(
            norm, headings, lines, heading=heading, max_words=max_words, max_part=max_part
        )
    if count < 2:
        return None
    utf8 = PyUnicode_AsUTF8AndSize(norm, &size)
    count = 0
    i = 0
    while i < size:
        begins[count] = i
        while i < size and utf8[i] != 0x20:
            i += 1
        ends[count] = i
        count += 1
        i += 1
    # fewest[i]: the fewest parts that cover the first i words (-1: not coverable);
    # came[i], parts[i]: where its last part starts, and that part.
    parts = [None] * (count + 1)
    for i in range(count + 1):
        fewest[i] = -1
    fewest[0] = 0
    for start in range(count):
        if fewest[start] < 0:
            continue
        end = start + max_part if start + max_part < count else count
        while end > start:
            key = _prepare_key(utf8 + begins[start], ends[end - 1] - begins[start])
            value = PyDict_GetItem(headings, key)
            if value != NULL and <object> value is not None:
                found = (heading, <object> value)
            else:
                value = PyDict_GetItem(lines, key)
                found = <object> value if value != NULL else None
            if found is not None and (fewest[end] < 0 or fewest[start] + 1 < fewest[end]):
                fewest[end] = fewest[start] + 1
                came[end] = start
                parts[end] = found
            end -= 1
    if fewest[count] < 2:
        return None
    out = [None] * fewest[count]
    end = count
    used = fewest[count]
    while end > 0:
        used -= 1
        out[used] = parts[end]
        end = came[end]
    return tuple(out)


cdef extern from "Python.h":
    # Without Cython's exception check: a key that is no such int is told apart by hand.
    # PyLong_AsUnsignedLong, not ...LongLong: the same value and errors where a long has
    # 64 bits (checked in keyed_lines), and it reads the digits of a key in a short loop
    # where ...LongLong goes through _PyLong_AsByteArray (CPython 3.11).
    unsigned long _as_u64 "PyLong_AsUnsignedLong" (object value)
    unsigned long long _as_u64_long_long "PyLong_AsUnsignedLongLong" (object value)


def keyed_lines(object lines):
    """The lines with a key and the repeated keys: see
    ``newsclean._kernel_py.keyed_lines``."""
    cdef list keyed = [], repeats = []
    cdef tuple line
    cdef object key
    cdef Py_ssize_t position = 0, slot, mask = 15, n = len(lines)
    cdef unsigned long long value
    # The first position of each key, in a table of its own (keys are 64-bit hashes, not
    # 0: a key's low bits place it), with room for twice the lines.
    while mask + 1 < 2 * n:
        mask = 2 * mask + 1
    cdef unsigned long long* seen_keys = <unsigned long long*> calloc(
        mask + 1, sizeof(unsigned long long)
    )
    cdef Py_ssize_t* seen_at = <Py_ssize_t*> malloc((mask + 1) * sizeof(Py_ssize_t))
    try:
        if seen_keys == NULL or seen_at == NULL:
            raise MemoryError()
        for item in lines:
            line = <tuple> item
            key = line[2]
            if not key:
                continue
            value = _as_u64(key) if sizeof(unsigned long) == 8 else _as_u64_long_long(key)
            if value == <unsigned long long> -1 and PyErr_Occurred() != NULL:
                PyErr_Clear()  # not an unsigned 64-bit int: the reference decides
                return _keyed_lines_py(lines)
            keyed.append(line)
            slot = <Py_ssize_t> (value & <unsigned long long> mask)
            while seen_keys[slot] != 0 and seen_keys[slot] != value:
                slot = (slot + 1) & mask
            if seen_keys[slot] == 0:
                seen_keys[slot] = value
                seen_at[slot] = position
            else:
                repeats.append((position, seen_at[slot]))
            position += 1
    finally:
        free(seen_keys)
        free(seen_at)
    return keyed, repeats


from newsclean._kernel_py import keyed_lines as _keyed_lines_py


def repeat_reasons(list lines, list repeats, object headline, str unexplained=None):
    """The duplicates filter's reasons for the exact repeats: see
    ``newsclean._kernel_py.repeat_reasons``."""
    cdef dict marked = {}
    cdef tuple pair, line
    cdef Py_ssize_t pos, seen
    for item in repeats:
        pair = <tuple> item
        pos = pair[0]
        seen = pair[1]
        line = <tuple> lines[pos]
        if (
            pos - seen == 2
            and (pos - 1) not in marked
            and len(<str> (<tuple> lines[pos - 1])[1]) <= 400
            and headline(line[1])
        ):
            if unexplained is None:
                reason = (
                    f"teaser block: headline at lines {(<tuple> lines[seen])[0]} and {line[0]}"
                )
            else:
                reason = unexplained
            marked.setdefault(seen, reason)
            marked.setdefault(pos - 1, reason)
        if unexplained is None:
            marked.setdefault(pos, f"repeats line {(<tuple> lines[seen])[0]}")
        else:
            marked.setdefault(pos, unexplained)
    return marked


from libc.math cimport INFINITY, fabs, isnan

from newsclean._kernel_py import line_reasons as _line_reasons_py


cdef extern from *:
    """
    /* rint() as an integer, for |value| < 4e18 (in the current rounding mode, as rint):
       one instruction on x86-64 (cvtsd2si rounds by the MXCSR mode), llrint elsewhere. */
    #if defined(__x86_64__) || defined(_M_X64)
    #include <emmintrin.h>
    static inline long long newsclean_rint(double value) {
        return _mm_cvtsd_si64(_mm_set_sd(value));
    }
    #else
    #include <math.h>
    static inline long long newsclean_rint(double value) { return llrint(value); }
    #endif
    """
    long long newsclean_rint(double value) noexcept nogil


cdef extern from *:
    """
    /* The two sums of model_scores' loop for a row whose values are the columns in order
       (contiguous): sum0 over the even columns and sum1 over the odd ones, each value
       times factor rounded by adding and taking away rounder, then weighed; the same
       operations in the same order as the loop, two columns at once with SSE2 (each sum a
       lane). Returns whether every value times factor is within limit (NaN is not). */
    #if defined(__SSE2__) || defined(_M_X64)
    #include <emmintrin.h>
    #endif
    static inline int newsclean_row_sums(
        const double* row, const double* exact, Py_ssize_t m, double factor, double limit,
        double rounder, double* out0, double* out1
    ) {
        Py_ssize_t k = 0;
        double sum0, sum1, value;
        int fits;
    #if defined(__SSE2__) || defined(_M_X64)
        __m128d acc = _mm_setzero_pd();
        __m128d scale = _mm_set1_pd(factor), bound = _mm_set1_pd(limit);
        __m128d round = _mm_set1_pd(rounder), sign = _mm_set1_pd(-0.0);
        __m128d ok = _mm_cmpeq_pd(acc, acc);
        __m128d pair;
        double sums[2];
        for (; k + 1 < m; k += 2) {
            pair = _mm_mul_pd(_mm_loadu_pd(row + k), scale);
            ok = _mm_and_pd(ok, _mm_cmple_pd(_mm_andnot_pd(sign, pair), bound));
            pair = _mm_sub_pd(_mm_add_pd(pair, round), round);
            acc = _mm_add_pd(acc, _mm_mul_pd(pair, _mm_loadu_pd(exact + k)));
        }
        _mm_storeu_pd(sums, acc);
        sum0 = sums[0];
        sum1 = sums[1];
        fits = _mm_movemask_pd(ok) == 3;
    #else
        sum0 = 0.0;
        sum1 = 0.0;
        fits = 1;
        for (; k + 1 < m; k += 2) {
            value = row[k] * factor;
            fits &= fabs(value) <= limit;
            sum0 += ((value + rounder) - rounder) * exact[k];
            value = row[k + 1] * factor;
            fits &= fabs(value) <= limit;
            sum1 += ((value + rounder) - rounder) * exact[k + 1];
        }
    #endif
        if (k < m) {
            value = row[k] * factor;
            fits &= fabs(value) <= limit;
            sum0 += ((value + rounder) - rounder) * exact[k];
        }
        *out0 = sum0;
        *out1 = sum1;
        return fits;
    }
    """
    int newsclean_row_sums(
        const double* row, const double* exact, Py_ssize_t m, double factor, double limit,
        double rounder, double* out0, double* out1
    ) noexcept nogil


# 2^53: integers below it in size are exact in doubles; 1.5 * 2^52, which added to a
# double under 2^51 in size (and taken away again) rounds it to an integer half to even
# (in the default rounding mode, as rint); 2^50, the largest value rounded so.
cdef double _EXACT = 9007199254740992.0
cdef double _ROUNDER = 6755399441055744.0
cdef double _ROUNDED = 1125899906842624.0


cdef inline long long _rint(double value) noexcept:
    # rint(value) as an integer, for |value| < 4e18 (round half to even, as rint does in
    # the default rounding mode).
    return newsclean_rint(value)


def model_scores(
    matrix,
    columns,
    weights,
    *,
    long long offset,
    long long scale,
):
    """Each row's score in fixed point: see ``newsclean._kernel_py.model_scores``.

    Raises:
        OverflowError: a value is not finite (the caller then takes numpy's way).
    """
    # Read through their pointers (no typed memoryviews: they cost more than a page's rows).
    cdef _Buf b_matrix, b_columns, b_weights
    matrix = _buffer(matrix, cnp.NPY_FLOAT64, 2, &b_matrix)
    columns = _buffer(columns, cnp.NPY_INT64, 1, &b_columns)
    weights = _buffer(weights, cnp.NPY_INT64, 1, &b_weights)
    cdef Py_ssize_t n = b_matrix.shape0, m = b_columns.shape0, i, k
    cdef double value, factor = <double> scale
    cdef long long total, quotient
    cdef bint bad = False
    cdef Py_ssize_t* at = <Py_ssize_t*> malloc((m if m else 1) * sizeof(Py_ssize_t))
    cdef long long* weight = <long long*> malloc((m if m else 1) * sizeof(long long))
    cdef char* row
    if at == NULL or weight == NULL:
        free(at)
        free(weight)
        raise MemoryError()
    # Each column's offset in a row, and the weights, in plain arrays.
    cdef double* exact = <double*> malloc((m if m else 1) * sizeof(double))
    if exact == NULL:
        free(at)
        free(weight)
        raise MemoryError()
    # The weights as doubles, and the largest value (a feature times scale) for which the
    # weighted values are integers under 2^52 in size in every term and partial sum (half
    # of 2^53, a margin for the rounding of the limit): computed in doubles, the sum is
    # then exact, in any order. None at all where a weight is not exact as a double.
    cdef double weight_sum = 0.0, limit, fast, sum0, sum1
    cdef bint fits = True
    # Whether the columns are the matrix's own, in order, each row's values side by side
    # (the shipped model's): then a row's sums are taken two columns at once.
    cdef bint in_order = b_matrix.stride1 == sizeof(double)
    for k in range(m):
        at[k] = _i64(&b_columns, k) * b_matrix.stride1
        in_order = in_order and at[k] == k * <Py_ssize_t> sizeof(double)
        weight[k] = _i64(&b_weights, k)
        exact[k] = <double> weight[k]
        fits = fits and -_EXACT < weight[k] < _EXACT
        weight_sum += fabs(exact[k])
    limit = (_EXACT / 2.0) / (weight_sum + 1.0) - 1.0 if fits else -1.0
    if limit > _ROUNDED:
        limit = _ROUNDED
    cdef cnp.npy_intp size = n
    out = cnp.PyArray_EMPTY(1, &size, cnp.NPY_INT64, 0)
    cdef cnp.int64_t* o = <cnp.int64_t*> cnp.PyArray_DATA(<cnp.ndarray> out)
    try:
        for i in range(n):
            row = b_matrix.data + i * b_matrix.stride0
            # In doubles, two sums: each value rounded by adding and taking away 1.5 * 2^52,
            # then weighed. Exact while every value is within the limit (NaN is not);
            # else the row is summed in integers below.
            if in_order:
                fits = newsclean_row_sums(
                    <double*> row, exact, m, factor, limit, _ROUNDER, &sum0, &sum1
                )
                k = m
            else:
                sum0 = 0.0
                sum1 = 0.0
                fits = True
                k = 0
            while k + 1 < m:
                value = (<double*> (row + at[k]))[0] * factor
                fits &= fabs(value) <= limit
                sum0 += ((value + _ROUNDER) - _ROUNDER) * exact[k]
                value = (<double*> (row + at[k + 1]))[0] * factor
                fits &= fabs(value) <= limit
                sum1 += ((value + _ROUNDER) - _ROUNDER) * exact[k + 1]
                k += 2
            if k < m:
                value = (<double*> (row + at[k]))[0] * factor
                fits &= fabs(value) <= limit
                sum0 += ((value + _ROUNDER) - _ROUNDER) * exact[k]
            if fits:
                total = <long long> (sum0 + sum1) + offset
                quotient = total / scale  # truncates (cdivision): floor it, as // does
                if (total % scale != 0) and ((total < 0) != (scale < 0)):
                    quotient -= 1
                o[i] = quotient
                continue
            total = 0
            for k in range(m):
                value = (<double*> (row + at[k]))[0] * factor
                # Not finite (NaN fails every comparison) or out of range: raise, after
                # the row (its total is not used then).
                if not -4e18 < value < 4e18:
                    bad = True
                    value = 0.0
                total += _rint(value) * weight[k]
            if bad:
                raise OverflowError("a line feature is not finite or too large")
            total += offset
            quotient = total / scale  # truncates (cdivision): floor it, as numpy's // does
            if (total % scale != 0) and ((total < 0) != (scale < 0)):
                quotient -= 1
            o[i] = quotient
    finally:
        free(at)
        free(weight)
        free(exact)
    return out


from libc.string cimport memcpy, strlen


cdef extern from "Python.h":
    char* PyOS_double_to_string(double val, char format_code, int precision, int flags, int* ptype) except NULL
    int Py_DTSF_SIGN
    void PyMem_Free(void* p)


# "+.1f" of the values met (a pure function of the value), direct-mapped by its bits.
cdef struct _Number:
    unsigned long long bits
    int length  # 0: empty
    char text[28]

cdef _Number _numbers[4096]

cdef enum:
    _KEPT = 16  # features named by a reason, at most (more: the slow way)


cdef inline char* _add(char** buffer, Py_ssize_t* size, Py_ssize_t* used, const char* text, Py_ssize_t length) except NULL:
    cdef char* out = _room(buffer, size, used[0] + length)
    memcpy(out + used[0], text, length)
    used[0] += length
    return out


cdef int _add_number(char** buffer, Py_ssize_t* size, Py_ssize_t* used, double value) except -1:
    """Append ``f"{value:+.1f}"``."""
    cdef unsigned long long bits
    memcpy(&bits, &value, sizeof(double))
    cdef _Number* slot = &_numbers[(bits * 0x9E3779B97F4A7C15ULL) >> 52]
    if slot.length and slot.bits == bits:
        _add(buffer, size, used, slot.text, slot.length)
        return 0
    cdef char* text = PyOS_double_to_string(value, b'f', 1, Py_DTSF_SIGN, NULL)
    cdef Py_ssize_t length = strlen(text)
    try:
        _add(buffer, size, used, text, length)
        if length < 28:
            memcpy(slot.text, text, length)
            slot.length = <int> length
            slot.bits = bits
    finally:
        PyMem_Free(text)
    return 0


cdef int _add_units(char** buffer, Py_ssize_t* size, Py_ssize_t* used, long long units, long long unit) except -1:
    """Append ``f"{units / unit:+.2f}"``: for a power-of-two ``unit`` the quotient is exact
    and rounded here in integers (half to even, as Python's formatting rounds the exact
    value); otherwise Python's own formatting of the quotient."""
    cdef unsigned long long magnitude, scaled, rest, half, whole
    cdef char digits[32]
    cdef Py_ssize_t k = 32
    cdef char* text
    cdef int shift = 0
    if unit > 0 and (unit & (unit - 1)) == 0 and -(1LL << 40) < units < (1LL << 40):
        while (1LL << shift) < unit:
            shift += 1
        magnitude = <unsigned long long> (-units if units < 0 else units)
        scaled = magnitude * 100
        rest = scaled & (<unsigned long long> unit - 1)
        scaled >>= shift
        half = (<unsigned long long> unit) >> 1
        if unit > 1 and (rest > half or (rest == half and (scaled & 1))):
            scaled += 1
        k -= 1
        digits[k] = <char> (48 + scaled % 10)
        k -= 1
        digits[k] = <char> (48 + (scaled // 10) % 10)
        k -= 1
        digits[k] = b'.'
        whole = scaled // 100
        while True:
            k -= 1
            digits[k] = <char> (48 + whole % 10)
            whole //= 10
            if whole == 0:
                break
        k -= 1
        digits[k] = b'-' if units < 0 else b'+'
        _add(buffer, size, used, digits + k, 32 - k)
        return 0
    text = PyOS_double_to_string(<double> units / <double> unit, b'f', 2, Py_DTSF_SIGN, NULL)
    try:
        _add(buffer, size, used, text, strlen(text))
    finally:
        PyMem_Free(text)
    return 0


def line_reasons(
    matrix,
    rows,
    scores,
    *,
    columns,
    reference,
    scale,
    weights,
    long long unit,
    tuple names,
    double threshold,
    Py_ssize_t count,
):
    """Why each of the ``rows`` of the line model is chrome: see
    ``newsclean._kernel_py.line_reasons``."""
    # The arrays read through their pointers (typed memoryviews cost more than a page's
    # reasons); what a typed memoryview would refuse is refused the same way.
    cdef _Buf b_matrix, b_rows, b_scores, b_columns, b_reference, b_scale, b_weights
    matrix = _buffer(matrix, cnp.NPY_FLOAT64, 2, &b_matrix)
    rows = _buffer(rows, cnp.NPY_INT64, 1, &b_rows)
    scores = _buffer(scores, cnp.NPY_INT64, 1, &b_scores)
    columns = _buffer(columns, cnp.NPY_INT64, 1, &b_columns)
    reference = _buffer(reference, cnp.NPY_FLOAT64, 1, &b_reference)
    scale = _buffer(scale, cnp.NPY_FLOAT64, 1, &b_scale)
    weights = _buffer(weights, cnp.NPY_FLOAT64, 1, &b_weights)
    cdef Py_ssize_t n = b_rows.shape0, m = b_columns.shape0, t, j, k, row, best, length
    cdef Py_ssize_t width = b_matrix.shape1, size = 256, used, found
    cdef Py_ssize_t kept_max = count
    cdef Py_ssize_t kept_columns[_KEPT]
    cdef double kept_values[_KEPT]
    cdef bint nan
    cdef double value, lowest, score
    cdef long long units
    cdef const char* name
    cdef char* buffer
    cdef double* parts
    cdef list out = []
    if (
        m == 0 or len(names) != m or b_reference.shape0 != m or b_scale.shape0 != m
        or b_weights.shape0 != m or unit == 0 or not 0 < count <= _KEPT
    ):
        return _line_reasons_py(
            np.asarray(matrix), np.asarray(rows), np.asarray(scores),
            columns=np.asarray(columns), reference=np.asarray(reference),
            scale=np.asarray(scale), weights=np.asarray(weights), unit=unit,
            names=names, threshold=threshold, count=count,
        )
    for j in range(m):
        if not 0 <= _i64(&b_columns, j) < width:
            raise IndexError("a column of the model is not in the matrix")
        if not isinstance(names[j], str) or not PyUnicode_IS_ASCII(names[j]):
            return _line_reasons_py(
                np.asarray(matrix), np.asarray(rows), np.asarray(scores),
                columns=np.asarray(columns), reference=np.asarray(reference),
                scale=np.asarray(scale), weights=np.asarray(weights), unit=unit,
                names=names, threshold=threshold, count=count,
            )
    for t in range(n):
        row = _i64(&b_rows, t)
        if not 0 <= row < b_matrix.shape0 or row >= b_scores.shape0:
            raise IndexError("a row is not in the matrix")
    below_text = f"{threshold:+.2f}".encode()
    cdef const char* below = below_text
    cdef Py_ssize_t below_length = len(below_text)
    buffer = <char*> malloc(size)
    parts = <double*> malloc(4 * m * sizeof(double))
    if buffer == NULL or parts == NULL:
        free(buffer)
        free(parts)
        raise MemoryError()
    # The model's columns side by side in plain arrays: the loop below vectorises.
    cdef double* middle = parts + m
    cdef double* spread = parts + 2 * m
    cdef double* weight = parts + 3 * m
    for j in range(m):
        middle[j] = _f64(&b_reference, j)
        spread[j] = _f64(&b_scale, j)
        weight[j] = _f64(&b_weights, j)
    try:
        for t in range(n):
            row = _i64(&b_rows, t)
            for j in range(m):
                parts[j] = _f64_2(&b_matrix, row, _i64(&b_columns, j))
            for j in range(m):
                parts[j] = ((parts[j] - middle[j]) / spread[j]) * weight[j]
            used = 0
            units = _i64(&b_scores, row)
            score = <double> units / <double> unit
            _add(&buffer, &size, &used, b"line model: score ", 18)
            _add_units(&buffer, &size, &used, units, unit)
            if score < threshold:
                _add(&buffer, &size, &used, b" below ", 7)
                _add(&buffer, &size, &used, below, below_length)
                _add(&buffer, &size, &used, b" (", 2)
            else:
                _add(&buffer, &size, &used, b", inside a run of chrome lines (", 32)
            # The worst features that pull down (below 0), in order (ties: the earlier):
            # what ``count`` rounds of numpy's argmin pick, as long as no value is NaN.
            found = 0
            nan = False
            for j in range(m):
                value = parts[j]
                if value != value:
                    nan = True
                elif value < 0 and (found < kept_max or value < kept_values[found - 1]):
                    k = found if found < kept_max else kept_max - 1
                    while k > 0 and value < kept_values[k - 1]:
                        kept_values[k] = kept_values[k - 1]
                        kept_columns[k] = kept_columns[k - 1]
                        k -= 1
                    kept_values[k] = value
                    kept_columns[k] = j
                    if found < kept_max:
                        found += 1
            if nan:
                found = 0
                for k in range(count):
                    # numpy's argmin: the first lowest value, or the first NaN.
                    best = 0
                    lowest = parts[0]
                    if not isnan(lowest):
                        for j in range(1, m):
                            value = parts[j]
                            if isnan(value):
                                best = j
                                break
                            if value < lowest:
                                lowest = value
                                best = j
                    value = parts[best]
                    parts[best] = INFINITY
                    if value < 0:
                        kept_values[found] = value
                        kept_columns[found] = best
                        found += 1
            for k in range(found):
                if k:
                    _add(&buffer, &size, &used, b", ", 2)
                name = PyUnicode_AsUTF8AndSize(names[kept_columns[k]], &length)
                _add(&buffer, &size, &used, name, length)
                _add(&buffer, &size, &used, b" ", 1)
                _add_number(&buffer, &size, &used, kept_values[k])
            _add(&buffer, &size, &used, b")", 1)
            out.append(PyUnicode_DecodeUTF8(buffer, used, NULL))
    finally:
        free(buffer)
        free(parts)
    return out


cdef extern from *:
    """
    /* tuple.__new__(kind, (items[0], ..., items[n - 1])) for tuple or a subclass of it (a
       NamedTuple such as Line): what CPython's tuple_subtype_new does, without parsing
       arguments or making the tuple of the items first.

       A tuple of items that the garbage collector does not track (str, int, float, None:
       a Line, a Mark, a Removal) cannot be part of a reference cycle, so it is not tracked
       either: CPython untracks such plain tuples itself, but only when a collection first
       looks at them, and never a subclass's. Lines and marks are most of the objects a
       page makes, so each collection then has a fraction of them to traverse. A subclass
       is left tracked when its instances have more than the tuple's items (a __dict__ or
       slots, which could hold a cycle). */
    static PyObject* newsclean_tuple_of(PyTypeObject* kind, Py_ssize_t n, PyObject** items) {
        Py_ssize_t i;
        PyObject* out;
        int atomic = 1;
        int plain = 0;
        if (kind == &PyTuple_Type) {
            out = PyTuple_New(n);
        } else if (!PyType_IsSubtype(kind, &PyTuple_Type)) {
            PyErr_Format(PyExc_TypeError, "tuple.__new__(%s): %s is not a subtype of tuple",
                         kind->tp_name, kind->tp_name);
            return NULL;
        } else if (kind->tp_alloc == PyType_GenericAlloc
                   && kind->tp_basicsize == PyTuple_Type.tp_basicsize
                   && kind->tp_itemsize == PyTuple_Type.tp_itemsize
                   && kind->tp_dictoffset == 0 && kind->tp_weaklistoffset == 0) {
            /* A subclass that adds nothing to the tuple (a NamedTuple): allocated as
               PyType_GenericAlloc does it (the type held, the collector told), without
               zeroing memory that the items fill at once and without tracking it first
               (most of these tuples are untracked below). */
            out = (PyObject*) PyObject_GC_NewVar(PyObject, kind, n);
            plain = 1;
        } else {
            out = kind->tp_alloc(kind, n);
        }
        if (out == NULL) {
            return NULL;
        }
        for (i = 0; i < n; i++) {
            Py_INCREF(items[i]);
            PyTuple_SET_ITEM(out, i, items[i]);
            if (PyObject_IS_GC(items[i])) {
                atomic = 0;
            }
        }
#if PY_VERSION_HEX >= 0x030E0000
        /* Python 3.14 caches a tuple's hash in the object, -1 until it is computed; neither
           allocation above sets it (tuple_subtype_new resets it after filling, too). */
        ((PyTupleObject*) out)->ob_hash = -1;
#endif
        if (atomic && (plain || (kind->tp_dictoffset == 0
                && kind->tp_basicsize == PyTuple_Type.tp_basicsize))) {
            if (PyObject_GC_IsTracked(out)) {
                PyObject_GC_UnTrack(out);
            }
        } else if (!PyObject_GC_IsTracked(out)) {
            PyObject_GC_Track(out);
        }
        return out;
    }
    """
    object newsclean_tuple_of(type kind, Py_ssize_t n, PyObject** items)


# tuple.__new__(kind, (a, b, ...)) without the method call (a Mark, a Line, a Removal).

cdef inline object _new_pair(type kind, object a, object b):
    cdef PyObject* items[2]
    items[0] = <PyObject*> a
    items[1] = <PyObject*> b
    return newsclean_tuple_of(kind, 2, items)


cdef inline object _new_triple(type kind, object a, object b, object c):
    cdef PyObject* items[3]
    items[0] = <PyObject*> a
    items[1] = <PyObject*> b
    items[2] = <PyObject*> c
    return newsclean_tuple_of(kind, 3, items)


cdef inline object _new_quadruple(type kind, object a, object b, object c, object d):
    cdef PyObject* items[4]
    items[0] = <PyObject*> a
    items[1] = <PyObject*> b
    items[2] = <PyObject*> c
    items[3] = <PyObject*> d
    return newsclean_tuple_of(kind, 4, items)


cdef extern from "Python.h":
    # Without Cython's exception check: an int too large is told apart by hand.
    Py_ssize_t _as_ssize "PyLong_AsSsize_t" (object value)
    PyObject* PyErr_Occurred()
    void PyErr_Clear()


cdef inline PyObject* _line_at(tuple lines, object index):
    """The line at position ``index`` (an int) of ``lines`` when it is there and holds
    that index; NULL when the position is outside ``lines``; ``<PyObject*> lines`` when
    the line there holds another index (borrowed references)."""
    cdef Py_ssize_t at = _as_ssize(index)
    cdef object line
    if at == -1 and PyErr_Occurred() != NULL:
        PyErr_Clear()  # too large for a position: outside
        return NULL
    if at < 0 or at >= len(lines):
        return NULL
    line = lines[at]
    held = (<tuple> line)[0]
    if held is index or held == index:
        return <PyObject*> line
    return <PyObject*> lines


cdef extern from "Python.h":
    # Borrowed references, no checks: for the lines of a tuple, tested before use.
    PyObject* _tuple_item "PyTuple_GET_ITEM" (PyObject* t, Py_ssize_t i)
    Py_ssize_t _tuple_size "PyTuple_GET_SIZE" (PyObject* t)
    bint _is_tuple "PyTuple_Check" (PyObject* o)
    bint _is_exact_int "PyLong_CheckExact" (PyObject* o)
    Py_ssize_t _ssize_of "PyLong_AsSsize_t" (PyObject* value)
    void _tuple_put "PyTuple_SET_ITEM" (object t, Py_ssize_t i, PyObject* o)
    void _incref "Py_INCREF" (PyObject* o)
    object _new_tuple "PyTuple_New" (Py_ssize_t n)


cdef Py_ssize_t _record_at_positions(
    list marks, tuple lines, dict removed, str name, type kind
) except -4:
    """record_marks for ``lines``, each at the position of its index, in one look at each
    mark: -2 or -1 as record_marks says, else the count; -3 when the marks do not name
    lines in strictly increasing order (record_marks takes them the generic way)."""
    cdef Py_ssize_t n = len(marks), k, pos, previous = -1, count = 0
    cdef Py_ssize_t* at
    cdef PyObject* line
    cdef bint ordered = True, bad = False
    cdef str text
    cdef object item, index
    if n == 0:
        return 0
    at = <Py_ssize_t*> malloc(n * sizeof(Py_ssize_t))
    if at == NULL:
        raise MemoryError()
    try:
        for k in range(n):
            item = marks[k]
            if not isinstance(item, tuple) or len(<tuple> item) != 2:
                return -2
            index = (<tuple> item)[0]
            if type(index) is not int:
                return -2
            line = _line_at(lines, index)
            if line == <PyObject*> lines:
                return -2
            if line == NULL or PyDict_GetItem(removed, index) != NULL:
                bad = True  # -1, once every mark is known not to call for -2
                continue
            pos = _as_ssize(index)  # a position of lines: it fits
            if pos <= previous:
                ordered = False
            previous = at[k] = pos
        if bad:
            return -1
        if not ordered:
            return -3
        # Strictly increasing indices name each line once: no dict of first marks.
        for k in range(n):
            line = _tuple_item(<PyObject*> lines, at[k])
            text = <str> (<tuple> line)[1]
            if text:  # blank lines are never removed
                item = marks[k]
                index = (<tuple> item)[0]
                removed[index] = _new_quadruple(kind, index, text, name, (<tuple> item)[1])
                count += 1
    finally:
        free(at)
    return count


def record_marks(list marks, object shown, dict removed, str name, type kind not None):
    """Record the first mark of each line: see ``newsclean._kernel_py.record_marks``."""
    cdef dict first, by_index = None
    cdef tuple lines = None
    cdef Py_ssize_t count = 0, n = len(marks), k
    cdef str text
    cdef tuple mark
    cdef object index, previous = None
    cdef bint ordered = True
    cdef PyObject* line
    if type(shown) is tuple:
        # The lines of a document, each at the position of its index: looked up there.
        lines = <tuple> shown
        count = _record_at_positions(marks, lines, removed, name, kind)
        if count != -3:
            return count
        count = 0  # marks out of order: the generic way below
    else:
        by_index = <dict?> shown
    # Filters mark lines in order: marks of strictly increasing (int) indices name each
    # line once, so they need no dict of first marks.
    for k in range(n):
        item = marks[k]
        if not isinstance(item, tuple) or len(<tuple> item) != 2:
            ordered = False  # the generic way unpacks it (or raises as unpacking does)
            break
        mark = <tuple> item
        index = mark[0]
        if type(index) is not int or (previous is not None and not index > previous):
            ordered = False
            break
        previous = index
        line = _line_at(lines, index) if lines is not None else PyDict_GetItem(by_index, index)
        if line == NULL or PyDict_GetItem(removed, index) != NULL:
            return -1
    if ordered:
        for k in range(n):
            mark = <tuple> marks[k]
            index = mark[0]
            if lines is not None:
                text = <str> (<tuple> _line_at(lines, index))[1]
            else:
                text = <str> (<tuple> by_index[index])[1]
            if text:  # blank lines are never removed
                removed[index] = _new_quadruple(kind, index, text, name, mark[1])
                count += 1
        return count
    first = {}
    for item in marks:
        index, detail = item
        if index in first:
            continue
        line = _line_at(lines, index) if lines is not None else PyDict_GetItem(by_index, index)
        if line == NULL or index in removed:
            return -1
        first[index] = detail
    for index, detail in first.items():
        if lines is not None:
            text = <str> (<tuple> _line_at(lines, index))[1]
        else:
            text = <str> (<tuple> by_index[index])[1]
        if text:  # blank lines are never removed
            removed[index] = _new_quadruple(kind, index, text, name, detail)
            count += 1
    return count


cdef inline bint _position_of(object value, Py_ssize_t* out):
    """``value`` as a C integer when it is an ``int`` that fits; else False."""
    cdef Py_ssize_t found
    if type(value) is not int:
        return False
    found = _as_ssize(value)
    if found == -1 and PyErr_Occurred() != NULL:
        PyErr_Clear()
        return False
    out[0] = found
    return True


cdef Py_ssize_t _drop_marked(
    PyObject* lines, Py_ssize_t* wanted, Py_ssize_t m, dict removed, Py_ssize_t* drops
) except -2:
    """The positions in the tuple ``lines`` of the lines whose index is in ``wanted``
    (``m`` strictly increasing indices) and in ``removed``, into ``drops``; their number.
    -1 when a line is no tuple holding an int index, or the indices do not increase."""
    cdef Py_ssize_t n = _tuple_size(lines), k, j = 0, d = 0, index, previous = 0
    cdef PyObject* line
    cdef PyObject* held
    for k in range(n):
        line = _tuple_item(lines, k)
        if not _is_tuple(line) or _tuple_size(line) < 1:
            return -1
        held = _tuple_item(line, 0)
        if not _is_exact_int(held):
            return -1
        index = _ssize_of(held)
        if index == -1 and PyErr_Occurred() != NULL:
            PyErr_Clear()
            return -1
        if k and index <= previous:
            return -1
        previous = index
        while j < m and wanted[j] < index:
            j += 1
        if j < m and wanted[j] == index and PyDict_GetItem(removed, <object> held) != NULL:
            drops[d] = k
            d += 1
    return d


def without_marked(object lines, list marks, dict removed):
    """The lines but those marked and removed: see
    ``newsclean._kernel_py.without_marked``."""
    cdef Py_ssize_t m = len(marks), n = len(lines), k, j = 0, d = -1, index, previous
    cdef Py_ssize_t* wanted = <Py_ssize_t*> malloc((2 * m + 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t* drops = wanted + m
    cdef list out = []
    cdef bint merged = True
    cdef object item, line, kept = None
    cdef PyObject* held
    if wanted == NULL:
        raise MemoryError()
    try:
        # Marks of strictly increasing indices and lines in the order of their indices (as
        # filters and documents give them): one merge of the two, and a look-up in
        # ``removed`` for the marked lines only.
        for k in range(m):
            item = marks[k]
            if (
                not isinstance(item, tuple)
                or len(<tuple> item) < 1
                or not _position_of((<tuple> item)[0], &wanted[k])
                or (k and wanted[k] <= wanted[k - 1])
            ):
                merged = False
                break
        if merged and type(lines) is tuple:
            # A tuple of lines (the pipeline's views): the positions to drop, then one
            # tuple of the others (no list, no line looked at twice).
            d = _drop_marked(<PyObject*> lines, wanted, m, removed, drops)
            if d < 0:
                merged = False  # the generic way
            elif d == 0:
                kept = lines
            elif d > 0:
                kept = _new_tuple(n - d)
                j = 0
                for k in range(n):
                    if j < d and drops[j] == k:
                        j += 1
                        continue
                    held = _tuple_item(<PyObject*> lines, k)
                    _incref(held)  # PyTuple_SET_ITEM takes the reference
                    _tuple_put(kept, k - j, held)
        elif merged:
            for k in range(n):
                line = lines[k]
                if not _position_of((<tuple> line)[0], &index) or (k and index <= previous):
                    merged = False
                    break
                previous = index
                while j < m and wanted[j] < index:
                    j += 1
                if j < m and wanted[j] == index and (<tuple> line)[0] in removed:
                    continue
                out.append(line)
    finally:
        free(wanted)
    if kept is not None:
        return kept
    if merged:
        return PyList_AsTuple(out)
    marked = {(<tuple> mark)[0] for mark in marks}
    return tuple([line for line in lines if (<tuple> line)[0] not in marked or (<tuple> line)[0] not in removed])


cdef extern from "Python.h":
    # Borrowed references (the key's; the value is not read): kept_lines reads the keys.
    bint _dict_next "PyDict_Next" (object d, Py_ssize_t* pos, PyObject** key, PyObject** value)
    object _new_list "PyList_New" (Py_ssize_t n)
    void _list_put "PyList_SET_ITEM" (object l, Py_ssize_t i, PyObject* o)
    void _decref "Py_DECREF" (PyObject* o)


cdef inline Py_ssize_t _small_position(PyObject* value, Py_ssize_t n) noexcept:
    # An exact int at least 0 and below ``n`` as a C integer; -1 for anything else.
    cdef Py_ssize_t at
    if not _is_exact_int(value):
        return -1
    at = _ssize_of(value)
    if at == -1 and PyErr_Occurred() != NULL:
        PyErr_Clear()  # too large
        return -1
    return at if at < n else -1


def kept_lines(object lines, object removed, list norms, type kind not None):
    """The lines ``removed`` leaves, renumbered, their forms and former indices: see
    ``newsclean._kernel_py.kept_lines``."""
    if type(lines) is tuple and type(removed) is dict:
        made = _kept_lines_of(<tuple> lines, <dict> removed, norms, kind)
        if made is not None:
            return made
    return _kept_lines(lines, removed, norms, kind)


# The form of a blank line put in (a C global: not rebound from Python).
cdef str _EMPTY_FORM = ""


cdef inline Py_ssize_t _hold(
    PyObject** out, PyObject** forms, cnp.int64_t* origin, Py_ssize_t count,
    object line, object form, cnp.int64_t at,
) noexcept:
    # A kept line, its form and its former index (-1: a blank line put in) at ``count``,
    # references held (see _kept_lines_of): the count after it.
    _incref(<PyObject*> line)
    out[count] = <PyObject*> line
    _incref(<PyObject*> form)
    forms[count] = <PyObject*> form
    origin[count] = at
    return count + 1


cdef object _kept_lines_of(tuple lines, dict removed, list norms, type kind):
    # kept_lines of the lines of a prepared document (a tuple of lines of int index and
    # str text) and the pipeline's removals (a dict by line index): the removed indices
    # below len(lines) are read as a mask (no int look-up a line: most lines of a chrome
    # page are removed), the others looked up; the kept lines and their forms are held
    # in C arrays until their lists are made, of their size. None for other lines.
    cdef Py_ssize_t n = len(lines), i, at, count = 0, made = 0, forms_size = len(norms)
    cdef Py_ssize_t key_pos = 0
    cdef PyObject* key
    cdef PyObject* value
    cdef PyObject* item
    cdef PyObject* text
    cdef PyObject* held
    cdef bint gap = False
    cdef cnp.npy_intp size
    cdef object line, form
    cdef char* gone = <char*> calloc(n + 1, sizeof(char))
    # Per kept line (at most one blank one put in before each): its former index, and
    # the new line and its form (references held until they go into the lists).
    cdef cnp.int64_t* origin = <cnp.int64_t*> malloc((n + 1) * sizeof(cnp.int64_t))
    cdef PyObject** out = <PyObject**> malloc((n + 1) * sizeof(PyObject*))
    cdef PyObject** forms = <PyObject**> malloc((n + 1) * sizeof(PyObject*))
    if gone == NULL or origin == NULL or out == NULL or forms == NULL:
        free(gone)
        free(origin)
        free(out)
        free(forms)
        raise MemoryError()
    try:
        while _dict_next(removed, &key_pos, &key, &value):
            if not _is_exact_int(key):
                return None  # (an int subclass equals ints: the generic way)
            at = _small_position(key, n)
            if at >= 0:
                gone[at] = 1
        for i in range(n):
            item = _tuple_item(<PyObject*> lines, i)
            if not _is_tuple(item) or _tuple_size(item) < 3:
                return None
            text = _tuple_item(item, 1)
            if not _is_str(text):
                return None
            held = _tuple_item(item, 0)
            if not _is_exact_int(held):
                return None  # (looked up before any user code runs: the generic way)
            at = _small_position(held, n)
            if at >= 0:
                if gone[at]:
                    continue
            elif <object> held in removed:  # (ints all: no user code runs)
                continue
            if at < 0 or at >= forms_size:
                return None  # an index that is no position of the forms
            if _str_length(text) == 0:
                gap = True
                continue
            if gap and count:
                line = _new_triple(kind, count, "", 0)
                count = made = _hold(out, forms, origin, count, line, _EMPTY_FORM, -1)
            line = _new_triple(kind, count, <object> text, <object> _tuple_item(item, 2))
            form = <object> PyList_GET_ITEM(norms, at)
            count = made = _hold(out, forms, origin, count, line, form, at)
            gap = False
        if not count:  # prepare("") gives one blank line
            line = _new_triple(kind, 0, "", 0)
            count = made = _hold(out, forms, origin, 0, line, _EMPTY_FORM, -1)
        kept = _new_list(count)
        kept_forms = _new_list(count)
        for i in range(count):
            _list_put(kept, i, out[i])  # (the references held go to the lists)
            _list_put(kept_forms, i, forms[i])
        made = 0
        size = count
        where = cnp.PyArray_EMPTY(1, &size, cnp.NPY_INT64, 0)
        memcpy(cnp.PyArray_DATA(<cnp.ndarray> where), origin, count * sizeof(cnp.int64_t))
    finally:
        for i in range(made):  # references held, when the lists were not made
            _decref(out[i])
            _decref(forms[i])
        free(gone)
        free(origin)
        free(out)
        free(forms)
    return kept, kept_forms, where



cdef object _kept_lines(object lines, object removed, list norms, type kind):
    # kept_lines of any lines and any container of removed indices, a look-up a line.
    cdef list out = [], forms = []
    cdef tuple line
    cdef bint gap = False
    cdef Py_ssize_t index, count = 0, n = len(lines) + 1
    cdef cnp.npy_intp size
    # The former index of each kept line (-1 for a blank one put in), as C integers (at
    # most one a line: a blank one is put in only for blank or removed lines).
    cdef cnp.int64_t* origin = <cnp.int64_t*> malloc(n * sizeof(cnp.int64_t))
    if origin == NULL:
        raise MemoryError()
    try:
        for item in lines:
            line = <tuple> item
            if line[0] in removed:
                continue
            if not <str> line[1]:
                gap = True
                continue
            if gap and out:
                out.append(_new_triple(kind, count, "", 0))
                forms.append("")
                origin[count] = -1
                count += 1
            index = line[0]
            out.append(_new_triple(kind, count, line[1], line[2]))
            forms.append(norms[index])
            origin[count] = index
            count += 1
            gap = False
        if not out:  # prepare("") gives one blank line
            out.append(_new_triple(kind, 0, "", 0))
            forms.append("")
            origin[0] = -1
            count = 1
        size = count
        where = cnp.PyArray_EMPTY(1, &size, cnp.NPY_INT64, 0)
        memcpy(cnp.PyArray_DATA(<cnp.ndarray> where), origin, count * sizeof(cnp.int64_t))
    finally:
        free(origin)
    return out, forms, where


def carry_over(object lines, object where, object judged, object pairs, type kind not None):
    """Per-line results of the round before for the lines of a later cleaning round: see
    ``newsclean._kernel_py.carry_over``."""
    cdef _Buf before_of
    held = _buffer(where, cnp.NPY_INT64, 1, &before_of)
    cdef Py_ssize_t size = 0, index, before, n = before_of.shape0
    cdef tuple line, pair
    cdef list out = []
    # By index of the round before: shown to the filter (0/1), then the index now (or -1).
    cdef char* shown
    cdef Py_ssize_t* now
    for item in judged:
        line = <tuple> item
        if <str> line[1]:
            index = line[0]
            if index < 0:
                return _carry_over_py(lines, where, judged, pairs, kind)
            size = max(size, index + 1)
    shown = <char*> calloc(size + 1, sizeof(char))
    now = <Py_ssize_t*> malloc((size + 1) * sizeof(Py_ssize_t))
    if shown == NULL or now == NULL:
        free(shown)
        free(now)
        raise MemoryError()
    try:
        for index in range(size):
            now[index] = -1
        for item in judged:
            line = <tuple> item
            if <str> line[1]:
                shown[<Py_ssize_t> line[0]] = 1
        for item in lines:
            line = <tuple> item
            if not <str> line[1]:
                continue
            index = line[0]
            before = _i64(&before_of, index) if 0 <= index < n else -1
            if before < 0 or before >= size or not shown[before]:
                return None
            now[before] = index
        for item in pairs:
            pair = <tuple> item
            index = pair[0]
            if 0 <= index < size and now[index] >= 0:
                out.append(_new_pair(kind, now[index], pair[1]))
    finally:
        free(shown)
        free(now)
    return out


from newsclean._kernel_py import carry_over as _carry_over_py


cdef inline void _add_block_line(list out, str text, bint* gap):
    """Add a kept line to ``out`` as join_blocks does: blank lines make one gap between
    blocks (none at the edges)."""
    if not text:
        gap[0] = True
        return
    if gap[0] and out:
        out.append("")
    out.append(text)
    gap[0] = False


def join_kept_lines(object lines, object removed):
    """The texts of the lines whose position is not in ``removed``, joined, and whether
    that is every text joined by newlines: see ``newsclean._kernel_py.join_kept_lines``."""
    cdef list out = []
    cdef bint gap = False
    cdef Py_ssize_t index, total = 0, n = len(lines)
    cdef str text
    # The removed positions as a mask (a removal is a few lines of many): no int object
    # and no look-up a line. Keys other than ints go the twin's way.
    cdef char* gone = <char*> calloc(n + 1, sizeof(char))
    if gone == NULL:
        raise MemoryError()
    try:
        for key in removed:
            if type(key) is not int:
                return _join_kept_lines_py(lines, removed)
            if 0 <= key < n:
                gone[<Py_ssize_t> key] = 1
        for index in range(n):
            text = <str> (<tuple> lines[index])[1]
            total += len(text) + 1
            if not gone[index]:
                _add_block_line(out, text, &gap)
    finally:
        free(gone)
    joined = "\n".join(out)
    return joined, len(joined) == total - 1


from newsclean._kernel_py import join_kept_lines as _join_kept_lines_py


def weak_removals(
    object removals,
    object strong,
    object lines,
    object listed,
    *,
    Py_ssize_t min_words=0,
    object is_word=None,
):
    """The removals of a weak filter on lines not listed (that read as body text): see
    ``newsclean._kernel_py.weak_removals``."""
    cdef list out = []
    if min_words > 0 and is_word is None:
        raise TypeError("weak_removals: min_words needs is_word")
    for item in removals:
        # The tests in the twin's order, cheapest first: the filter's name (the same few
        # str objects, their hashes kept), the text (most removed lines are too short to
        # read as body text; a strong filter's repeated sentences are not, and their words
        # would be counted), then the line's key (looked up for the few left). A removal
        # or line of another shape is an error, as in the twin (_item_of).
        if _item_of(item, 2) in strong:
            continue
        if min_words > 0 and not _body_text(<str?> _item_of(item, 1), min_words, is_word):
            continue
        if _item_of(PyObject_GetItem(lines, _item_of(item, 0)), 2) in listed:
            continue
        out.append(item)
    return out


cdef class PrefixMemo:
    """What partial matching said of the prefixes of lines: see
    ``newsclean._kernel_py.PrefixMemo``. Prefixes of two characters below U+0100 (most
    lines) are kept in a table of a byte each, read without making a string."""

    cdef unsigned char pairs[65536]  # by (first << 8 | second): 0 unknown, 1 no, 2 may
    cdef readonly dict known
    cdef readonly Py_ssize_t width
    cdef readonly Py_ssize_t limit

    def __init__(self, Py_ssize_t width=4, Py_ssize_t limit=1 << 14):
        if width < 2:
            raise ValueError("PrefixMemo: the longer prefixes need 2 characters or more")
        memset(self.pairs, 0, sizeof(self.pairs))
        self.known = {}
        self.width = width
        self.limit = limit

    cdef inline Py_ssize_t _slot(self, str prefix) noexcept:
        # The table's slot of a prefix of two characters below U+0100, else -1.
        cdef int kind
        cdef void* data
        cdef Py_UCS4 first, second
        if PyUnicode_GET_LENGTH(prefix) != 2:
            return -1
        kind = PyUnicode_KIND(prefix)
        if kind != PyUnicode_1BYTE_KIND:
            return -1
        data = PyUnicode_DATA(prefix)
        first = PyUnicode_READ(kind, data, 0)
        second = PyUnicode_READ(kind, data, 1)
        return (<Py_ssize_t> first << 8) | <Py_ssize_t> second

    cdef inline int _pair_of(self, str text) noexcept:
        # What the table says of ``text[:2]`` (a text of two characters or more): 0, 1
        # or 2; 3 when it is not for the table.
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef Py_UCS4 first = PyUnicode_READ(kind, data, 0)
        cdef Py_UCS4 second = PyUnicode_READ(kind, data, 1)
        if first >= 256 or second >= 256:
            return 3
        return self.pairs[(<Py_ssize_t> first << 8) | <Py_ssize_t> second]

    cdef int _state(self, str prefix) noexcept:
        # 0: unknown, 1: no match may start so, 2: one may.
        cdef Py_ssize_t slot = self._slot(prefix)
        cdef PyObject* value
        if slot >= 0:
            return self.pairs[slot]
        value = PyDict_GetItem(self.known, prefix)
        return 0 if value == NULL else 2 if <object> value is not False else 1

    def get(self, str prefix):
        """True or False as put, or None."""
        cdef int state = self._state(prefix)
        return None if state == 0 else state == 2

    def put(self, str prefix, bint may):
        """Remember ``may`` for ``prefix`` (beyond ``limit`` other prefixes, not)."""
        cdef Py_ssize_t slot = self._slot(prefix)
        if slot >= 0:
            self.pairs[slot] = 2 if may else 1
        elif len(self.known) < self.limit:
            self.known[prefix] = may

    def candidates(self, list texts):
        """The positions of the non-blank texts whose first characters are not known to
        start no match: see ``newsclean._kernel_py.PrefixMemo.candidates``."""
        cdef list out = []
        cdef Py_ssize_t i, n = len(texts)
        cdef str text
        cdef int state
        for i in range(n):
            text = <str> texts[i]
            if not text:
                continue
            state = self._pair_of(text) if PyUnicode_GET_LENGTH(text) >= 2 else 3
            if state == 3:
                state = self._state(text[:2])
            if state == 1:
                continue
            if state == 2 and self._state(text[: self.width]) == 1:
                continue  # (a line whose two characters may: few)
            out.append(i)
        return out


cdef object _c_flag_buffer(object array, _Buf* out):
    # _buffer of a one-dimensional array of booleans (or bytes) as bytes: a numpy array of
    # either type read in place, anything else as np.asarray(array).view(np.uint8).
    cdef cnp.ndarray a
    if type(array) is cnp.ndarray:
        a = <cnp.ndarray> array
        if (
            cnp.PyArray_NDIM(a) == 1
            and (cnp.PyArray_TYPE(a) == cnp.NPY_BOOL or cnp.PyArray_TYPE(a) == cnp.NPY_UINT8)
            and cnp.PyArray_ISALIGNED(a)
        ):
            out.data = cnp.PyArray_BYTES(a)
            out.shape0 = cnp.PyArray_DIMS(a)[0]
            out.stride0 = cnp.PyArray_STRIDES(a)[0]
            out.shape1 = 1
            out.stride1 = 0
            return a
    return _buffer(np.asarray(array).view(np.uint8), cnp.NPY_UINT8, 1, out)


def pattern_flags(
    chars,
    words,
    digits,
    sentence_end,
    notice,
    *,
    cnp.int64_t min_words,
    capitals=None,
    cnp.int64_t min_menu_words=0,
    cues=None,
    cnp.int64_t address=0,
    bint long_notice=False,
):
    """The chrome_gate flags of each line from its features: see
    ``newsclean._kernel_py.pattern_flags``."""
    # Read through their pointers (no typed memoryviews: they cost more than a page's rows).
    cdef _Buf b_chars, b_words, b_digits, ends, notices, caps, b_cues
    chars = _buffer(chars, cnp.NPY_INT64, 1, &b_chars)
    words = _buffer(words, cnp.NPY_INT64, 1, &b_words)
    digits = _buffer(digits, cnp.NPY_FLOAT64, 1, &b_digits)
    held_ends = _c_flag_buffer(sentence_end, &ends)
    held_notices = _c_flag_buffer(notice, &notices)
    cdef bint menus = min_menu_words > 0 and capitals is not None
    held_caps = _buffer(capitals if menus else words, cnp.NPY_INT64, 1, &caps)
    cdef bint addressed = cues is not None and address != 0
    held_cues = _buffer(cues if addressed else words, cnp.NPY_INT64, 1, &b_cues)
    return _pattern_flags_rows(
        b_chars.shape0, &b_chars, &b_words, &b_digits, &ends, &notices, &caps, &b_cues,
        min_words, menus, min_menu_words, addressed, address, long_notice,
    )


def pattern_flags_of(
    ints,
    shapes,
    shares,
    *,
    cnp.int64_t min_words,
    cnp.int64_t min_menu_words=0,
    cnp.int64_t address=0,
    bint long_notice=False,
):
    """pattern_flags of the columns of a LineTable, from the arrays it is made of: see
    ``newsclean._kernel_py.pattern_flags_of``."""
    cdef _Buf b_ints, b_shapes, b_digits, b_chars, b_words, ends, notices, caps, b_cues
    ints = _buffer(ints, cnp.NPY_INT64, 2, &b_ints)
    shapes = _buffer(shapes, cnp.NPY_UINT8, 2, &b_shapes)
    shares = _buffer(shares, cnp.NPY_FLOAT64, 1, &b_digits)
    if b_ints.shape1 < T_COUNT or b_shapes.shape1 != G_COUNT:
        raise ValueError("pattern_flags_of: not the arrays of a LineTable")
    if b_shapes.shape0 != b_ints.shape0 or b_digits.shape0 != b_ints.shape0:
        raise ValueError("pattern_flags_of: arrays of different lengths")
    _buf_column(&b_ints, T_CHARS, &b_chars)
    _buf_column(&b_ints, T_WORDS, &b_words)
    _buf_column(&b_ints, T_CAPITALS, &caps)
    _buf_column(&b_ints, T_CUES, &b_cues)
    _buf_column(&b_shapes, G_SENTENCE_END, &ends)
    _buf_column(&b_shapes, G_NOTICE, &notices)
    return _pattern_flags_rows(
        b_ints.shape0, &b_chars, &b_words, &b_digits, &ends, &notices, &caps, &b_cues,
        min_words, min_menu_words > 0, min_menu_words, address != 0, address, long_notice,
    )


cdef inline void _buf_column(_Buf* matrix, Py_ssize_t column, _Buf* out) noexcept:
    # Point ``out`` at a column of a two-dimensional buffer.
    out.data = matrix.data + column * matrix.stride1
    out.shape0 = matrix.shape0
    out.stride0 = matrix.stride0
    out.shape1 = out.stride1 = 0


cdef object _pattern_flags_rows(
    Py_ssize_t n,
    _Buf* b_chars,
    _Buf* b_words,
    _Buf* b_digits,
    _Buf* ends,
    _Buf* notices,
    _Buf* caps,
    _Buf* b_cues,
    cnp.int64_t min_words,
    bint menus,
    cnp.int64_t min_menu_words,
    bint addressed,
    cnp.int64_t address,
    bint long_notice,
):
    # The loop of pattern_flags over its columns (caps and b_cues read only with menus
    # and addressed).
    cdef Py_ssize_t i
    cdef cnp.npy_intp size = n
    out = cnp.PyArray_ZEROS(1, &size, cnp.NPY_UINT8, 0)
    cdef cnp.uint8_t* flags = <cnp.uint8_t*> cnp.PyArray_DATA(<cnp.ndarray> out)
    cdef cnp.uint8_t flag
    cdef cnp.int64_t count
    cdef double digit
    cdef bint end
    for i in range(n):
        flag = 0
        count = _i64(b_words, i)
        digit = _f64(b_digits, i)
        end = _u8(ends, i) != 0
        if end and _i64(b_chars, i) >= 40 and count >= min_words:
            flag |= C_SENTENCE
        if _u8(notices, i):
            flag |= C_NOTICE
            if long_notice:
                flag |= C_LONG
        elif addressed and _i64(b_cues, i) & address:
            flag |= C_NOTICE
        if count <= 1 and digit == 0:
            flag |= C_ONE_WORD
        if (
            menus and count >= min_menu_words and digit == 0
            and _i64(caps, i) >= count and not end
        ):
            flag |= C_MENU
        flags[i] = flag
    return out


def any_kept(object lines, object removed):
    """Whether a non-blank line is not removed: see ``newsclean._kernel_py.any_kept``."""
    cdef tuple line
    for item in lines:
        line = <tuple> item
        if <str> line[1] and line[0] not in removed:
            return True
    return False


def make_lines(list texts, list keys, type kind not None):
    """A ``Line`` for each text and its key: see ``newsclean._kernel_py.make_lines``."""
    cdef Py_ssize_t n = len(texts), i
    if len(keys) != n:
        raise ValueError("make_lines: texts and keys differ in length")
    cdef list out = [None] * n
    for i in range(n):
        out[i] = _new_triple(kind, i, texts[i], keys[i])
    return out


cdef extern from "Python.h":
    Py_ssize_t PyUnicode_FindChar(
        object text, Py_UCS4 char, Py_ssize_t start, Py_ssize_t end, int direction
    ) except -2


def split_lines(str text):
    """The lines of ``text``, stripped, in one pass: see ``newsclean._kernel_py.split_lines``."""
    cdef Py_ssize_t n = len(text), start = 0, end, first, last
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    # Appended to: counting the line breaks first (str.count's loop) would read every
    # character once more, at a fraction of the speed of the search for the next one.
    cdef list out = []
    while True:
        end = PyUnicode_FindChar(text, 0x0A, start, n, 1)  # a fast search, as split's
        if end < 0:
            end = n
        # str.strip(): the characters Py_UNICODE_ISSPACE finds, at both ends
        first = start
        last = end
        while first < last and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, first)):
            first += 1
        while last > first and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, last - 1)):
            last -= 1
        out.append(text[first:last])
        if end >= n:
            return out
        start = end + 1


cdef inline bint _p_digit_like(int kind, void* data, Py_ssize_t i) noexcept:
    # An ASCII digit, or a character that is not ASCII (which ``\\d`` may match).
    cdef Py_UCS4 code = PyUnicode_READ(kind, data, i)
    return code >= 0x80 or 0x30 <= code <= 0x39


def p_may_date(str text):
    """Whether ``text`` holds four ASCII digits or non-ASCII characters, a hyphen-minus,
    then two more: see ``newsclean._kernel_py.p_may_date``."""
    cdef Py_ssize_t n = len(text), at = 4, k
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef bint found
    if n < 7:
        return False
    while True:
        at = PyUnicode_FindChar(text, 0x2D, at, n - 2, 1)  # a hyphen with 4 before, 2 after
        if at < 0:
            return False
        found = _p_digit_like(kind, data, at + 1) and _p_digit_like(kind, data, at + 2)
        k = 1
        while found and k <= 4:
            found = _p_digit_like(kind, data, at - k)
            k += 1
        if found:
            return True
        at += 1


def make_marks(object lines, list positions, list details, type kind not None):
    """A ``Mark`` of the line at each position: see ``newsclean._kernel_py.make_marks``."""
    cdef Py_ssize_t n = len(positions), i
    if len(details) != n:
        raise ValueError("make_marks: positions and details differ in length")
    cdef list out = [None] * n
    for i in range(n):
        out[i] = _new_pair(kind, (<tuple> lines[positions[i]])[0], details[i])
    return out
