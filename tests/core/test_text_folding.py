import pytest

from jiritsu.core.text import digits, fold


def test_it_folds_katakana_half_width_and_spaces_to_one_form():
    assert fold("ﾔﾏﾀﾞ ﾊﾅｺ") == fold("やまだ　はなこ") == fold("ヤマダハナコ") == "やまだはなこ"


def test_it_keeps_only_digits_of_phone_numbers():
    assert digits("０９０－１２３４－５６７８") == "09012345678"


@pytest.mark.parametrize("written, other", [
    ("髙橋", "高橋"), ("山﨑", "山崎"), ("山嵜", "山崎"), ("渡邉", "渡辺"), ("渡邊", "渡辺"), ("渡邉", "渡邊"),
    ("齋藤", "斎藤"), ("齊藤", "斉藤"), ("斎藤", "斉藤"), ("濵田", "浜田"), ("濱田", "浜田"), ("德川", "徳川"),
    ("槇原", "槙原"), ("中嶋", "中島"), ("櫻井", "桜井"), ("小澤", "小沢"), ("廣瀬", "広瀬"), ("\uf9dc志", "隆志"),
    ("眞鍋", "真鍋"), ("國分", "国分"), ("龍太", "竜太"), ("大藏", "大蔵"), ("惠子", "恵子"), ("冨田", "富田"),
    ("\U00020bb7田", "吉田"), ("辻\U000e0100", "辻"), ("瀨川", "瀬川"), ("黑田", "黒田"),
])
def test_it_folds_variant_kanji_of_names_to_one_form_in_both_directions(written, other):
    assert fold(written) == fold(other)
    assert fold(f"{written} 花子") == fold(f"{other}花子")


def test_it_keeps_different_names_apart():
    assert fold("高橋") != fold("高畑")
    assert fold("大阪") != fold("大坂")  # 阪 and 坂 are different names, not variants


def test_each_variant_folds_to_a_single_character_so_positions_map_back():
    from jiritsu.core.text import VARIANTS

    assert all(isinstance(key, int) and len(value) == 1 for key, value in VARIANTS.items())
